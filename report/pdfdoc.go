package report

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/jung-kurt/gofpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
)

// This file holds the drawing primitives of the PDF: page furniture, headings,
// paragraphs, tables that break across pages and horizontal bar charts. The
// sections themselves are in pdf.go.

// Page geometry in millimetres (A4 portrait).
const (
	pdfPageW       = 210.0
	pdfPageH       = 297.0
	pdfMarginL     = 15.0
	pdfMarginR     = 15.0
	pdfMarginTop   = 20.0
	pdfMarginBot   = 18.0
	pdfContentW    = pdfPageW - pdfMarginL - pdfMarginR
	pdfPtToMM      = 25.4 / 72
	pdfLineSpacing = 1.28
)

// The font families embedded in every PDF: the Go fonts, which cover Latin
// with every diacritic Dutch and Swedish names use.
const (
	pdfFontSans = "go"
	pdfFontMono = "gomono"
)

// pdfRGB is a colour.
type pdfRGB struct{ r, g, b int }

var (
	pdfColText    = pdfRGB{30, 30, 30}
	pdfColMuted   = pdfRGB{100, 100, 100}
	pdfColRule    = pdfRGB{180, 180, 180}
	pdfColHeadBg  = pdfRGB{225, 230, 238}
	pdfColZebra   = pdfRGB{246, 247, 250}
	pdfColAccent  = pdfRGB{31, 78, 121}
	pdfColDeny    = pdfRGB{192, 40, 40}
	pdfColWarn    = pdfRGB{224, 145, 0}
	pdfColInfo    = pdfRGB{96, 125, 160}
	pdfColOK      = pdfRGB{46, 139, 87}
	pdfColSkipped = pdfRGB{190, 190, 190}
)

// pdfSeverityColour returns the colour a severity is drawn in.
func pdfSeverityColour(s string) pdfRGB {
	switch s {
	case "deny":
		return pdfColDeny
	case "warn":
		return pdfColWarn
	}
	return pdfColInfo
}

// pdfKindPalette colours the action kinds in charts, by their place in ActionKinds.
var pdfKindPalette = []pdfRGB{
	{31, 119, 180}, {255, 127, 14}, {44, 160, 44}, {214, 39, 40}, {148, 103, 189},
	{140, 86, 75}, {227, 119, 194}, {127, 127, 127}, {188, 189, 34}, {23, 190, 207},
	{174, 199, 232}, {255, 187, 120}, {152, 223, 138}, {255, 152, 150}, {197, 176, 213},
	{196, 156, 148}, {247, 182, 210}, {219, 219, 141},
}

// A pdfPara is one paragraph of a table cell or of the body: its text and how it is set.
type pdfPara struct {
	text  string
	style string  // "", "B" or "I"
	size  float64 // points; 0 = the pdfCell's default
	mono  bool
	col   *pdfRGB
}

// A pdfCell is one table cell: one or more paragraphs, set one below the other.
type pdfCell []pdfPara

// A pdfColumn is a column of a table: its heading, width in mm and alignment ("L", "R", "C").
type pdfColumn struct {
	head  string
	width float64
	align string
}

// pdfMaxCellLines caps a cell so that one row always fits on a page.
const pdfMaxCellLines = 45

// pdfDoc wraps one gofpdf document while it is drawn, with the state the page
// furniture needs.
type pdfDoc struct {
	f        *gofpdf.Fpdf
	lang     Lang
	header   string // left part of the running header
	headerR  string // right part of the running header
	total    int    // total pages, known in the second pass; 0 in the first
	cols     []pdfColumn
	rowIndex int
	tableSz  float64 // font size of the current table's cells
	// toc collects the headings with the page each starts on.
	toc []pdfTOCEntry
	// lastHeading is the toc index of the heading whose first table row or
	// chart bar is still to come (-1: none); orphans lists the headings
	// whose content began on a later page, for the tests.
	lastHeading int
	orphans     []string
}

// A pdfTOCEntry is one heading of the table of contents.
type pdfTOCEntry struct {
	text  string
	level int
	page  int
}

// newPDFDoc starts a document with the Go fonts embedded.
func newPDFDoc(lang Lang) *pdfDoc {
	f := gofpdf.New("P", "mm", "A4", "")
	f.SetMargins(pdfMarginL, pdfMarginTop, pdfMarginR)
	f.SetAutoPageBreak(true, pdfMarginBot)
	// Each document gets its own copy of the font files: when gofpdf cuts
	// the subset it embeds, it pads tables by appending to slices of the
	// bytes it was given, which writes into the shared font arrays. Two
	// PDFs written at once (check --snapshots) raced there, and a later PDF
	// could read what an earlier one had padded.
	f.AddUTF8FontFromBytes(pdfFontSans, "", bytes.Clone(goregular.TTF))
	f.AddUTF8FontFromBytes(pdfFontSans, "B", bytes.Clone(gobold.TTF))
	f.AddUTF8FontFromBytes(pdfFontSans, "I", bytes.Clone(goitalic.TTF))
	f.AddUTF8FontFromBytes(pdfFontMono, "", bytes.Clone(gomono.TTF))
	d := &pdfDoc{f: f, lang: lang, lastHeading: -1}
	f.SetHeaderFuncMode(d.pageHeader, false)
	f.SetFooterFunc(d.pageFooter)
	return d
}

// pageHeader draws the running header (not on the cover) and, inside a table
// that breaks across pages, repeats the table's heading row.
func (d *pdfDoc) pageHeader() {
	f := d.f
	if f.PageNo() > 1 {
		d.font("", 8, false)
		d.colour(pdfColMuted)
		f.SetXY(pdfMarginL, 9)
		right := pdfFitText(f, d.headerR, pdfContentW*0.5)
		rw := f.GetStringWidth(right) + 3
		f.CellFormat(pdfContentW-rw, 5, pdfFitText(f, d.header, pdfContentW-rw-4), "", 0, "L", false, 0, "")
		f.CellFormat(rw, 5, right, "", 0, "R", false, 0, "")
		d.draw(pdfColRule)
		f.SetLineWidth(0.2)
		f.Line(pdfMarginL, 14.5, pdfPageW-pdfMarginR, 14.5)
	}
	f.SetXY(pdfMarginL, pdfMarginTop)
	d.colour(pdfColText)
	if d.cols != nil {
		d.tableHead()
	}
}

// pageFooter draws "page N of M" in the document's language.
func (d *pdfDoc) pageFooter() {
	f := d.f
	total := d.total
	if total == 0 {
		total = f.PageNo() // first pass: the count is not known yet
	}
	d.font("", 8, false)
	d.colour(pdfColMuted)
	f.SetXY(pdfMarginL, pdfPageH-12)
	f.CellFormat(pdfContentW, 5, fmt.Sprintf(T(d.lang, "pdf_page_of"), f.PageNo(), total), "", 0, "C", false, 0, "")
}

func (d *pdfDoc) font(style string, size float64, mono bool) {
	if mono {
		d.f.SetFont(pdfFontMono, "", size)
		return
	}
	d.f.SetFont(pdfFontSans, style, size)
}

func (d *pdfDoc) colour(c pdfRGB) { d.f.SetTextColor(c.r, c.g, c.b) }
func (d *pdfDoc) fill(c pdfRGB)   { d.f.SetFillColor(c.r, c.g, c.b) }
func (d *pdfDoc) draw(c pdfRGB)   { d.f.SetDrawColor(c.r, c.g, c.b) }

// pdfLineH is the height of one line of text at size points.
func pdfLineH(size float64) float64 { return size * pdfPtToMM * pdfLineSpacing }

// room makes sure h mm are left on the page, starting a new page if not.
func (d *pdfDoc) room(h float64) {
	if d.f.GetY()+h > pdfPageH-pdfMarginBot {
		d.f.AddPage()
	}
}

// heading draws a section (level 0) or subsection (level 1) heading, adds it
// to the outline, and keeps it on the same page as at least keep mm that follow.
func (d *pdfDoc) heading(text string, level int, keep float64) {
	text = pdfSafe(text)
	size := 16.0
	if level > 0 {
		size = 12
	}
	d.room(pdfLineH(size) + 4 + keep)
	f := d.f
	if level == 0 {
		f.Ln(2)
	} else {
		f.Ln(3)
	}
	d.font("B", size, false)
	f.Bookmark(text, level, -1)
	d.toc = append(d.toc, pdfTOCEntry{text: text, level: level, page: f.PageNo()})
	d.lastHeading = len(d.toc) - 1
	d.colour(pdfColAccent)
	f.MultiCell(pdfContentW, pdfLineH(size), text, "", "L", false)
	d.colour(pdfColText)
	f.Ln(1.5)
}

// contentStarts notes that the content under the last heading begins here:
// a heading whose content begins on a later page is an orphan.
func (d *pdfDoc) contentStarts() {
	if d.lastHeading < 0 || d.lastHeading >= len(d.toc) {
		return
	}
	if h := d.toc[d.lastHeading]; h.page != d.f.PageNo() {
		d.orphans = append(d.orphans, fmt.Sprintf("%q on page %d", h.text, h.page))
	}
	d.lastHeading = -1
}

// textHeight is the height text takes as a paragraph across the content
// width, in mm: to keep a heading with what follows it.
func (d *pdfDoc) textHeight(s, style string, size float64) float64 {
	d.font(style, size, false)
	return float64(len(d.f.SplitText(pdfSafe(s), pdfContentW))) * pdfLineH(size)
}

// tableStartHeight is the height of a table's heading row and its first
// row, in mm: what a heading above the table keeps on its page, so a
// heading never ends a page with its table on the next.
func (d *pdfDoc) tableStartHeight(cols []pdfColumn, size float64, first []pdfCell) float64 {
	saved, savedSz := d.cols, d.tableSz
	d.cols, d.tableSz = cols, size
	defer func() { d.cols, d.tableSz = saved, savedSz }()
	head := 0.0
	d.font("B", size, false)
	for _, c := range cols {
		if h := float64(len(d.f.SplitText(c.head, c.width)))*pdfLineH(size) + 2; h > head {
			head = h
		}
	}
	row := 0.0
	for i, c := range cols {
		if i >= len(first) {
			break
		}
		_, paras := d.cellLines(first[i], c.width)
		h := 0.0
		for _, p := range paras {
			h += pdfLineH(p.size)
		}
		row = max(row, h)
	}
	return max(head+row+1.6, 2*pdfLineH(size)+6)
}

// chartHeight is the height of a bar chart of n bars with a legend line
// above it, in mm, capped at a third of a page: a long chart may break, but
// its heading keeps its first bars.
func chartHeight(n int) float64 {
	return min(8+float64(n)*6.6, (pdfPageH-pdfMarginBot)/3)
}

// text draws a paragraph across the content width.
func (d *pdfDoc) text(s string, style string, size float64, c pdfRGB) {
	s = pdfSafe(s)
	d.font(style, size, false)
	d.colour(c)
	d.f.MultiCell(pdfContentW, pdfLineH(size), s, "", "L", false)
	d.colour(pdfColText)
}

// lines draws lines (as SplitText made them) one below the other from x, y,
// in a column w mm wide, in the current font.
func (d *pdfDoc) lines(lines []string, x, y, w, size float64, align string) {
	for i, l := range lines {
		d.f.SetXY(x, y+float64(i)*pdfLineH(size))
		d.f.CellFormat(w, pdfLineH(size), l, "", 0, align, false, 0, "")
	}
}

// keyValues draws a two-column list of labels and values.
func (d *pdfDoc) keyValues(rows [][2]string, labelW float64, size float64) {
	f := d.f
	for _, kv := range rows {
		kv = [2]string{pdfSafe(kv[0]), pdfSafe(kv[1])}
		d.font("B", size, false)
		labels := f.SplitText(kv[0], labelW)
		d.font("", size, false)
		values := f.SplitText(kv[1], pdfContentW-labelW)
		lines := max(len(labels), len(values), 1)
		d.room(float64(lines) * pdfLineH(size))
		y := f.GetY()
		d.font("B", size, false)
		d.lines(labels, pdfMarginL, y, labelW, size, "L")
		d.font("", size, false)
		d.lines(values, pdfMarginL+labelW, y, pdfContentW-labelW, size, "L")
		f.SetXY(pdfMarginL, y+float64(lines)*pdfLineH(size)+0.8)
	}
}

// startTable begins a table: it draws the heading row, which every page the
// table continues on repeats.
func (d *pdfDoc) startTable(cols []pdfColumn, size float64) {
	d.tableSz = size
	d.room(2*pdfLineH(size) + 6)
	d.cols = cols
	d.rowIndex = 0
	d.tableHead()
}

// endTable ends the current table.
func (d *pdfDoc) endTable() {
	d.cols = nil
	d.f.Ln(2)
}

func (d *pdfDoc) tableHead() {
	f := d.f
	size := d.tableSz
	d.font("B", size, false)
	h := 0.0
	for _, c := range d.cols {
		n := len(f.SplitText(c.head, c.width))
		if hh := float64(n)*pdfLineH(size) + 2; hh > h {
			h = hh
		}
	}
	x, y := pdfMarginL, f.GetY()
	d.fill(pdfColHeadBg)
	f.Rect(x, y, pdfContentW, h, "F")
	for _, c := range d.cols {
		d.lines(f.SplitText(c.head, c.width), x, y+1, c.width, size, c.align)
		x += c.width
	}
	f.SetXY(pdfMarginL, y+h)
}

// cellLines splits a cell into the lines it takes at width w, with each line's
// paragraph, capped at pdfMaxCellLines.
func (d *pdfDoc) cellLines(c pdfCell, w float64) (lines []string, paras []pdfPara) {
	for _, p := range c {
		size := p.size
		if size == 0 {
			size = d.tableSz
		}
		p.size = size
		d.font(p.style, size, p.mono)
		for _, l := range d.f.SplitText(pdfSafe(p.text), w) {
			lines = append(lines, l)
			paras = append(paras, p)
		}
		if p.text == "" {
			lines = append(lines, "")
			paras = append(paras, p)
		}
	}
	if len(lines) > pdfMaxCellLines {
		lines = append(lines[:pdfMaxCellLines-1], "…")
		paras = paras[:pdfMaxCellLines]
	}
	return lines, paras
}

// row draws one table row; it starts a new page (repeating the heading row)
// when the row does not fit on this one.
func (d *pdfDoc) row(cells []pdfCell) {
	f := d.f
	type laid struct {
		lines []string
		paras []pdfPara
		h     float64
	}
	out := make([]laid, len(d.cols))
	rowH := 0.0
	for i, c := range d.cols {
		if i >= len(cells) {
			break
		}
		l := laid{}
		l.lines, l.paras = d.cellLines(cells[i], c.width)
		for _, p := range l.paras {
			l.h += pdfLineH(p.size)
		}
		out[i] = l
		if l.h > rowH {
			rowH = l.h
		}
	}
	rowH += 1.6
	if f.GetY()+rowH > pdfPageH-pdfMarginBot {
		f.AddPage() // the header function repeats the table's heading row
	}
	d.contentStarts()
	y := f.GetY()
	if d.rowIndex%2 == 1 {
		d.fill(pdfColZebra)
		f.Rect(pdfMarginL, y, pdfContentW, rowH, "F")
	}
	d.rowIndex++
	x := pdfMarginL
	for i, c := range d.cols {
		yy := y + 0.8
		for j, line := range out[i].lines {
			p := out[i].paras[j]
			d.font(p.style, p.size, p.mono)
			if p.col != nil {
				d.colour(*p.col)
			} else {
				d.colour(pdfColText)
			}
			f.SetXY(x, yy)
			f.CellFormat(c.width, pdfLineH(p.size), line, "", 0, c.align, false, 0, "")
			yy += pdfLineH(p.size)
		}
		x += c.width
	}
	d.colour(pdfColText)
	d.draw(pdfColRule)
	f.SetLineWidth(0.1)
	f.Line(pdfMarginL, y+rowH, pdfMarginL+pdfContentW, y+rowH)
	f.SetXY(pdfMarginL, y+rowH)
}

// A pdfBar is one bar of a chart: a label and stacked segments.
type pdfBar struct {
	label    string
	segments []pdfSegment
}

// A pdfSegment is one part of a stacked bar.
type pdfSegment struct {
	value int
	col   pdfRGB
}

func (b pdfBar) total() int {
	n := 0
	for _, s := range b.segments {
		n += s.value
	}
	return n
}

// barChart draws horizontal stacked bars scaled to the largest total (or to
// scale, when that is larger), each with its label on the left and its total
// (or note) on the right.
func (d *pdfDoc) barChart(bars []pdfBar, labelW float64, notes []string, scale int) {
	f := d.f
	const barH, gap = 5.0, 1.6
	max := 1
	if scale > max {
		max = scale
	}
	for _, b := range bars {
		if t := b.total(); t > max {
			max = t
		}
	}
	noteW := 40.0
	plotW := pdfContentW - labelW - noteW - 2
	for i, b := range bars {
		d.room(barH + gap)
		d.contentStarts()
		y := f.GetY()
		d.font("", 8.5, false)
		d.colour(pdfColText)
		f.SetXY(pdfMarginL, y)
		f.CellFormat(labelW, barH, pdfFitText(f, b.label, labelW-1), "", 0, "L", false, 0, "")
		x := pdfMarginL + labelW
		d.draw(pdfColRule)
		f.SetLineWidth(0.1)
		f.Line(x, y-gap/2, x, y+barH+gap/2) // the axis
		for _, s := range b.segments {
			if s.value <= 0 {
				continue
			}
			w := plotW * float64(s.value) / float64(max)
			if w < 0.4 {
				w = 0.4
			}
			d.fill(s.col)
			f.Rect(x, y+0.6, w, barH-1.2, "F")
			x += w
		}
		note := fmt.Sprint(b.total())
		if notes != nil {
			note = pdfSafe(notes[i])
		}
		d.font("", 8, false)
		d.colour(pdfColMuted)
		f.SetXY(x+1.5, y)
		f.CellFormat(noteW+plotW-(x-pdfMarginL-labelW), barH, note, "", 0, "L", false, 0, "")
		f.SetXY(pdfMarginL, y+barH+gap)
	}
	d.colour(pdfColText)
}

// legend draws coloured squares with their labels, wrapping across lines.
func (d *pdfDoc) legend(items []string, cols []pdfRGB) {
	f := d.f
	d.font("", 8, false)
	x, y := pdfMarginL, f.GetY()+1
	for i, it := range items {
		it = pdfSafe(it)
		w := f.GetStringWidth(it) + 8
		if x+w > pdfMarginL+pdfContentW {
			x, y = pdfMarginL, y+5
		}
		d.fill(cols[i])
		f.Rect(x, y+1, 3, 3, "F")
		f.SetXY(x+4, y)
		d.colour(pdfColText)
		f.CellFormat(w-4, 5, it, "", 0, "L", false, 0, "")
		x += w
	}
	f.SetXY(pdfMarginL, y+7)
}

// pdfFitText shortens s with an ellipsis until it fits w mm in the current font.
func pdfFitText(f *gofpdf.Fpdf, s string, w float64) string {
	s = pdfSafe(s)
	if f.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && f.GetStringWidth(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// pdfSafe replaces the characters gofpdf cannot set (those outside the Basic
// Multilingual Plane, such as emoji, which make it index past its width
// table) and control characters other than a newline, so that no input can
// break the PDF.
func pdfSafe(s string) string {
	clean := true
	for _, c := range s {
		if c > 0xFFFF || (c < 0x20 && c != '\n') || c == 0x7F {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	return strings.Map(func(c rune) rune {
		switch {
		case c == '\t' || c == '\r':
			return ' '
		case c > 0xFFFF:
			return '\uFFFD'
		case c < 0x20 && c != '\n', c == 0x7F:
			return -1
		}
		return c
	}, s)
}
