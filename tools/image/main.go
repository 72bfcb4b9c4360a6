// Command image assembles the syncaudit container image from static
// binaries, offline and without a container daemon (make image): one layer
// holding /usr/local/bin/syncaudit, an /etc/passwd with the unprivileged user
// it runs as, and an empty /tmp; no shell, no package manager. It writes the
// image as an OCI layout folder (one image, or an index of several
// platforms) and, for one platform, as a tarball that `docker load`, `crane
// push` and `skopeo copy docker-archive:` read. The same binaries and
// --created give the same image digest. It is not part of syncaudit.
//
//	go run ./tools/image --ref registry.example/syncaudit:v1.2 --created 2026-12-02T00:00:00Z \
//	    --binary linux/amd64=bin/image/linux-amd64/syncaudit --layout bin/image/oci --tarball bin/image/syncaudit.tar
package main

import (
	"archive/tar"
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/layout"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// BinaryPath is where the image holds syncaudit, and its entrypoint.
const BinaryPath = "/usr/local/bin/syncaudit"

// User is the unprivileged user and group the image runs as (the
// "nonroot" of distroless images).
const User = "65532:65532"

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "image:", err)
		os.Exit(2)
	}
}

// Options say what to build and where to write it.
type Options struct {
	Ref      string            // the image's name and tag, e.g. registry.example/syncaudit:v1.2
	Created  time.Time         // the image's creation time and every file's modification time
	Binaries map[string]string // platform (os/arch[/variant]) -> path of its static syncaudit binary
	Labels   map[string]string // image labels (org.opencontainers.image.*)
	Layout   string            // OCI layout folder to write (replaced whole), or ""
	Tarball  string            // image tarball to write (one platform only), or ""
}

func run(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("image", flag.ContinueOnError)
	o := Options{Binaries: map[string]string{}, Labels: map[string]string{}}
	created := fs.String("created", "", "creation time, RFC 3339 (e.g. the commit's time); default 1970-01-01T00:00:00Z")
	fs.StringVar(&o.Ref, "ref", "", "the image's name and tag (required)")
	fs.StringVar(&o.Layout, "layout", "", "write the image as an OCI layout folder here")
	fs.StringVar(&o.Tarball, "tarball", "", "write the image as a tarball here (one platform only)")
	fs.Func("binary", "PLATFORM=PATH: the static binary for a platform, e.g. linux/amd64=bin/syncaudit (repeatable)", func(s string) error {
		p, path, ok := strings.Cut(s, "=")
		if !ok || p == "" || path == "" {
			return fmt.Errorf("%q is not PLATFORM=PATH", s)
		}
		o.Binaries[p] = path
		return nil
	})
	fs.Func("label", "KEY=VALUE: an image label (repeatable)", func(s string) error {
		k, v, ok := strings.Cut(s, "=")
		if !ok || k == "" {
			return fmt.Errorf("%q is not KEY=VALUE", s)
		}
		o.Labels[k] = v
		return nil
	})
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *created != "" {
		t, err := time.Parse(time.RFC3339, *created)
		if err != nil {
			return fmt.Errorf("--created: %w", err)
		}
		o.Created = t
	}
	digest, err := Build(o)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s@%s\n", o.Ref, digest)
	return nil
}

// Build writes the image o describes and returns the digest of what a
// registry would store under o.Ref: the image's manifest for one platform,
// the index for several.
func Build(o Options) (v1.Hash, error) {
	ref, err := name.NewTag(o.Ref)
	if err != nil {
		return v1.Hash{}, fmt.Errorf("--ref: %w", err)
	}
	if len(o.Binaries) == 0 {
		return v1.Hash{}, errors.New("no --binary given")
	}
	if o.Layout == "" && o.Tarball == "" {
		return v1.Hash{}, errors.New("give --layout, --tarball or both")
	}
	if o.Created.IsZero() {
		o.Created = time.Unix(0, 0)
	}
	o.Created = o.Created.UTC()
	platforms := slices.Sorted(maps.Keys(o.Binaries))
	if o.Tarball != "" && len(platforms) > 1 {
		return v1.Hash{}, fmt.Errorf("a tarball holds one platform, not %d: use --layout for %s", len(platforms), strings.Join(platforms, ", "))
	}
	index := mutate.IndexMediaType(empty.Index, types.OCIImageIndex)
	var images []v1.Image
	for _, p := range platforms {
		platform, err := v1.ParsePlatform(p)
		if err != nil {
			return v1.Hash{}, fmt.Errorf("--binary %s: %w", p, err)
		}
		img, err := image(o, *platform, o.Binaries[p])
		if err != nil {
			return v1.Hash{}, err
		}
		images = append(images, img)
		index = mutate.AppendManifests(index, mutate.IndexAddendum{Add: img, Descriptor: v1.Descriptor{Platform: platform}})
	}
	// One platform: the image itself is what the tag names; several: the index.
	var top interface{ Digest() (v1.Hash, error) } = index
	if len(images) == 1 {
		top = images[0]
	}
	digest, err := top.Digest()
	if err != nil {
		return v1.Hash{}, err
	}
	if o.Layout != "" {
		if err := writeLayout(o.Layout, ref, index, images); err != nil {
			return v1.Hash{}, err
		}
	}
	if o.Tarball != "" {
		if err := writeTarball(o.Tarball, ref, images[0]); err != nil {
			return v1.Hash{}, err
		}
	}
	return digest, nil
}

// image is the image of one platform.
func image(o Options, platform v1.Platform, binary string) (v1.Image, error) {
	bin, err := os.ReadFile(binary)
	if err != nil {
		return nil, fmt.Errorf("--binary %s: %w", platform, err)
	}
	files, err := layerTar(bin, o.Created)
	if err != nil {
		return nil, err
	}
	layer, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(files)), nil
	}, tarball.WithMediaType(types.OCILayer))
	if err != nil {
		return nil, err
	}
	img := mutate.MediaType(empty.Image, types.OCIManifestSchema1)
	img = mutate.ConfigMediaType(img, types.OCIConfigJSON)
	img, err = mutate.Append(img, mutate.Addendum{Layer: layer, History: v1.History{
		Created: v1.Time{Time: o.Created}, CreatedBy: "make image: " + BinaryPath + ", /etc/passwd, /tmp",
	}})
	if err != nil {
		return nil, err
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return nil, err
	}
	cf = cf.DeepCopy()
	cf.Created = v1.Time{Time: o.Created}
	cf.OS, cf.Architecture, cf.Variant, cf.OSVersion = platform.OS, platform.Architecture, platform.Variant, platform.OSVersion
	cf.Config.Entrypoint = []string{BinaryPath}
	cf.Config.Cmd = []string{"--help"}
	cf.Config.User = User
	cf.Config.WorkingDir = "/"
	cf.Config.Env = []string{"PATH=/usr/local/bin", "TMPDIR=/tmp"}
	cf.Config.Labels = o.Labels
	return mutate.ConfigFile(img, cf)
}

// layerTar is the image's one layer: the binary, the user it runs as, and
// /tmp (the workbook writer spills large sheets to temporary files).
func layerTar(binary []byte, mtime time.Time) ([]byte, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	passwd := "root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n"
	group := "root:x:0:\nnonroot:x:65532:\n"
	entries := []struct {
		name string
		mode int64
		data []byte
		dir  bool
	}{
		{"etc/", 0o755, nil, true},
		{"etc/group", 0o644, []byte(group), false},
		{"etc/passwd", 0o644, []byte(passwd), false},
		{"tmp/", 0o1777, nil, true},
		{"usr/", 0o755, nil, true},
		{"usr/local/", 0o755, nil, true},
		{"usr/local/bin/", 0o755, nil, true},
		{strings.TrimPrefix(BinaryPath, "/"), 0o755, binary, false},
	}
	for _, e := range entries {
		h := &tar.Header{Name: e.name, Mode: e.mode, ModTime: mtime, Format: tar.FormatPAX, Typeflag: tar.TypeReg, Size: int64(len(e.data))}
		if e.dir {
			h.Typeflag, h.Size = tar.TypeDir, 0
		}
		if err := tw.WriteHeader(h); err != nil {
			return nil, err
		}
		if _, err := tw.Write(e.data); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeLayout replaces dir with an OCI layout of the image (one platform)
// or the index (several), its index.json naming ref's tag.
func writeLayout(dir string, ref name.Tag, index v1.ImageIndex, images []v1.Image) error {
	tmp := dir + ".tmp"
	if err := os.RemoveAll(tmp); err != nil {
		return err
	}
	p, err := layout.Write(tmp, empty.Index)
	if err != nil {
		return fmt.Errorf("write %s: %w", dir, err)
	}
	annotations := layout.WithAnnotations(map[string]string{
		"org.opencontainers.image.ref.name": ref.TagStr(),
		"io.containerd.image.name":          ref.Name(),
	})
	if len(images) == 1 {
		cf, cerr := images[0].ConfigFile()
		if cerr != nil {
			return cerr
		}
		err = p.AppendImage(images[0], annotations, layout.WithPlatform(*cf.Platform()))
	} else {
		err = p.AppendIndex(index, annotations)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", dir, err)
	}
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	return os.Rename(tmp, dir)
}

// writeTarball writes img as an image tarball tagged ref, whole or not at all.
func writeTarball(path string, ref name.Tag, img v1.Image) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := tarball.WriteToFile(tmp, ref, img); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("write %s: %w", path, err)
	}
	return os.Rename(tmp, path)
}
