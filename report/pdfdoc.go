package report

import (
	"fmt"

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
	pageW       = 210.0
	pageH       = 297.0
	marginL     = 15.0
	marginR     = 15.0
	marginTop   = 20.0
	marginBot   = 18.0
	contentW    = pageW - marginL - marginR
	ptToMM      = 25.4 / 72
	lineSpacing = 1.28
)

// The font families embedded in every PDF: the Go fonts, which cover Latin
// with every diacritic Dutch and Swedish names use.
const (
	fontSans = "go"
	fontMono = "gomono"
)

// rgb is a colour.
type rgb struct{ r, g, b int }

var (
	colText    = rgb{30, 30, 30}
	colMuted   = rgb{100, 100, 100}
	colRule    = rgb{180, 180, 180}
	colHeadBg  = rgb{225, 230, 238}
	colZebra   = rgb{246, 247, 250}
	colAccent  = rgb{31, 78, 121}
	colDeny    = rgb{192, 40, 40}
	colWarn    = rgb{224, 145, 0}
	colInfo    = rgb{96, 125, 160}
	colOK      = rgb{46, 139, 87}
	colSkipped = rgb{190, 190, 190}
)

// severityColour returns the colour a severity is drawn in.
func severityColour(s string) rgb {
	switch s {
	case "deny":
		return colDeny
	case "warn":
		return colWarn
	}
	return colInfo
}

// kindPalette colours the action kinds in charts, by their place in ActionKinds.
var kindPalette = []rgb{
	{31, 119, 180}, {255, 127, 14}, {44, 160, 44}, {214, 39, 40}, {148, 103, 189},
	{140, 86, 75}, {227, 119, 194}, {127, 127, 127}, {188, 189, 34}, {23, 190, 207},
	{174, 199, 232}, {255, 187, 120}, {152, 223, 138}, {255, 152, 150}, {197, 176, 213},
	{196, 156, 148}, {247, 182, 210}, {219, 219, 141},
}

// A para is one paragraph of a table cell or of the body: its text and how it is set.
type para struct {
	text  string
	style string  // "", "B" or "I"
	size  float64 // points; 0 = the cell's default
	mono  bool
	col   *rgb
}

// A cell is one table cell: one or more paragraphs, set one below the other.
type cell []para

// A column of a table: its heading, width in mm and alignment ("L", "R", "C").
type column struct {
	head  string
	width float64
	align string
}

// maxCellLines caps a cell so that one row always fits on a page.
const maxCellLines = 45

// doc wraps one gofpdf document while it is drawn, with the state the page
// furniture needs.
type doc struct {
	f        *gofpdf.Fpdf
	lang     Lang
	header   string // left part of the running header
	headerR  string // right part of the running header
	total    int    // total pages, known in the second pass; 0 in the first
	cols     []column
	rowIndex int
	tableSz  float64 // font size of the current table's cells
	// toc collects the headings with the page each starts on.
	toc []tocEntry
}

// A tocEntry is one heading of the table of contents.
type tocEntry struct {
	text  string
	level int
	page  int
}

// newDoc starts a document with the Go fonts embedded.
func newDoc(lang Lang) *doc {
	f := gofpdf.New("P", "mm", "A4", "")
	f.SetMargins(marginL, marginTop, marginR)
	f.SetAutoPageBreak(true, marginBot)
	f.AddUTF8FontFromBytes(fontSans, "", goregular.TTF)
	f.AddUTF8FontFromBytes(fontSans, "B", gobold.TTF)
	f.AddUTF8FontFromBytes(fontSans, "I", goitalic.TTF)
	f.AddUTF8FontFromBytes(fontMono, "", gomono.TTF)
	d := &doc{f: f, lang: lang}
	f.SetHeaderFuncMode(d.pageHeader, false)
	f.SetFooterFunc(d.pageFooter)
	return d
}

// pageHeader draws the running header (not on the cover) and, inside a table
// that breaks across pages, repeats the table's heading row.
func (d *doc) pageHeader() {
	f := d.f
	if f.PageNo() > 1 {
		d.font("", 8, false)
		d.colour(colMuted)
		f.SetXY(marginL, 9)
		f.CellFormat(contentW*0.65, 5, d.header, "", 0, "L", false, 0, "")
		f.CellFormat(contentW*0.35, 5, d.headerR, "", 0, "R", false, 0, "")
		d.draw(colRule)
		f.SetLineWidth(0.2)
		f.Line(marginL, 14.5, pageW-marginR, 14.5)
	}
	f.SetXY(marginL, marginTop)
	d.colour(colText)
	if d.cols != nil {
		d.tableHead()
	}
}

// pageFooter draws "page N of M" in the document's language.
func (d *doc) pageFooter() {
	f := d.f
	total := d.total
	if total == 0 {
		total = f.PageNo() // first pass: the count is not known yet
	}
	d.font("", 8, false)
	d.colour(colMuted)
	f.SetXY(marginL, pageH-12)
	f.CellFormat(contentW, 5, fmt.Sprintf(T(d.lang, "pdf_page_of"), f.PageNo(), total), "", 0, "C", false, 0, "")
}

func (d *doc) font(style string, size float64, mono bool) {
	if mono {
		d.f.SetFont(fontMono, "", size)
		return
	}
	d.f.SetFont(fontSans, style, size)
}

func (d *doc) colour(c rgb) { d.f.SetTextColor(c.r, c.g, c.b) }
func (d *doc) fill(c rgb)   { d.f.SetFillColor(c.r, c.g, c.b) }
func (d *doc) draw(c rgb)   { d.f.SetDrawColor(c.r, c.g, c.b) }

// lineH is the height of one line of text at size points.
func lineH(size float64) float64 { return size * ptToMM * lineSpacing }

// room makes sure h mm are left on the page, starting a new page if not.
func (d *doc) room(h float64) {
	if d.f.GetY()+h > pageH-marginBot {
		d.f.AddPage()
	}
}

// heading draws a section (level 0) or subsection (level 1) heading, adds it
// to the outline, and keeps it on the same page as at least keep mm that follow.
func (d *doc) heading(text string, level int, keep float64) {
	size := 16.0
	if level > 0 {
		size = 12
	}
	d.room(lineH(size) + 4 + keep)
	f := d.f
	if level == 0 {
		f.Ln(2)
	} else {
		f.Ln(3)
	}
	d.font("B", size, false)
	f.Bookmark(text, level, -1)
	d.toc = append(d.toc, tocEntry{text: text, level: level, page: f.PageNo()})
	d.colour(colAccent)
	f.MultiCell(contentW, lineH(size), text, "", "L", false)
	d.colour(colText)
	f.Ln(1.5)
}

// text draws a paragraph across the content width.
func (d *doc) text(s string, style string, size float64, c rgb) {
	d.font(style, size, false)
	d.colour(c)
	d.f.MultiCell(contentW, lineH(size), s, "", "L", false)
	d.colour(colText)
}

// keyValues draws a two-column list of labels and values.
func (d *doc) keyValues(rows [][2]string, labelW float64, size float64) {
	f := d.f
	for _, kv := range rows {
		d.font("", size, false)
		lines := len(f.SplitText(kv[1], contentW-labelW))
		if lines == 0 {
			lines = 1
		}
		d.room(float64(lines) * lineH(size))
		y := f.GetY()
		d.font("B", size, false)
		f.SetXY(marginL, y)
		f.MultiCell(labelW, lineH(size), kv[0], "", "L", false)
		d.font("", size, false)
		f.SetXY(marginL+labelW, y)
		f.MultiCell(contentW-labelW, lineH(size), kv[1], "", "L", false)
		f.SetY(y + float64(lines)*lineH(size) + 0.8)
	}
}

// startTable begins a table: it draws the heading row, which every page the
// table continues on repeats.
func (d *doc) startTable(cols []column, size float64) {
	d.tableSz = size
	d.room(2*lineH(size) + 6)
	d.cols = cols
	d.rowIndex = 0
	d.tableHead()
}

// endTable ends the current table.
func (d *doc) endTable() {
	d.cols = nil
	d.f.Ln(2)
}

func (d *doc) tableHead() {
	f := d.f
	size := d.tableSz
	d.font("B", size, false)
	h := 0.0
	for _, c := range d.cols {
		n := len(f.SplitText(c.head, c.width))
		if hh := float64(n)*lineH(size) + 2; hh > h {
			h = hh
		}
	}
	x, y := marginL, f.GetY()
	d.fill(colHeadBg)
	f.Rect(x, y, contentW, h, "F")
	for _, c := range d.cols {
		f.SetXY(x, y+1)
		f.MultiCell(c.width, lineH(size), c.head, "", c.align, false)
		x += c.width
	}
	f.SetXY(marginL, y+h)
}

// cellLines splits a cell into the lines it takes at width w, with each line's
// paragraph, capped at maxCellLines.
func (d *doc) cellLines(c cell, w float64) (lines []string, paras []para) {
	for _, p := range c {
		size := p.size
		if size == 0 {
			size = d.tableSz
		}
		p.size = size
		d.font(p.style, size, p.mono)
		for _, l := range d.f.SplitText(p.text, w) {
			lines = append(lines, l)
			paras = append(paras, p)
		}
		if p.text == "" {
			lines = append(lines, "")
			paras = append(paras, p)
		}
	}
	if len(lines) > maxCellLines {
		lines = append(lines[:maxCellLines-1], "…")
		paras = paras[:maxCellLines]
	}
	return lines, paras
}

// row draws one table row; it starts a new page (repeating the heading row)
// when the row does not fit on this one.
func (d *doc) row(cells []cell) {
	f := d.f
	type laid struct {
		lines []string
		paras []para
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
			l.h += lineH(p.size)
		}
		out[i] = l
		if l.h > rowH {
			rowH = l.h
		}
	}
	rowH += 1.6
	if f.GetY()+rowH > pageH-marginBot {
		f.AddPage() // the header function repeats the table's heading row
	}
	y := f.GetY()
	if d.rowIndex%2 == 1 {
		d.fill(colZebra)
		f.Rect(marginL, y, contentW, rowH, "F")
	}
	d.rowIndex++
	x := marginL
	for i, c := range d.cols {
		yy := y + 0.8
		for j, line := range out[i].lines {
			p := out[i].paras[j]
			d.font(p.style, p.size, p.mono)
			if p.col != nil {
				d.colour(*p.col)
			} else {
				d.colour(colText)
			}
			f.SetXY(x, yy)
			f.CellFormat(c.width, lineH(p.size), line, "", 0, c.align, false, 0, "")
			yy += lineH(p.size)
		}
		x += c.width
	}
	d.colour(colText)
	d.draw(colRule)
	f.SetLineWidth(0.1)
	f.Line(marginL, y+rowH, marginL+contentW, y+rowH)
	f.SetXY(marginL, y+rowH)
}

// A bar is one bar of a chart: a label and stacked segments.
type bar struct {
	label    string
	segments []segment
}

// A segment is one part of a stacked bar.
type segment struct {
	value int
	col   rgb
}

func (b bar) total() int {
	n := 0
	for _, s := range b.segments {
		n += s.value
	}
	return n
}

// barChart draws horizontal stacked bars scaled to the largest total (or to
// scale, when that is larger), each with its label on the left and its total
// (or note) on the right.
func (d *doc) barChart(bars []bar, labelW float64, notes []string, scale int) {
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
	plotW := contentW - labelW - noteW - 2
	for i, b := range bars {
		d.room(barH + gap)
		y := f.GetY()
		d.font("", 8.5, false)
		d.colour(colText)
		f.SetXY(marginL, y)
		f.CellFormat(labelW, barH, fitText(f, b.label, labelW-1), "", 0, "L", false, 0, "")
		x := marginL + labelW
		d.draw(colRule)
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
			note = notes[i]
		}
		d.font("", 8, false)
		d.colour(colMuted)
		f.SetXY(x+1.5, y)
		f.CellFormat(noteW+plotW-(x-marginL-labelW), barH, note, "", 0, "L", false, 0, "")
		f.SetXY(marginL, y+barH+gap)
	}
	d.colour(colText)
}

// legend draws coloured squares with their labels, wrapping across lines.
func (d *doc) legend(items []string, cols []rgb) {
	f := d.f
	d.font("", 8, false)
	x, y := marginL, f.GetY()+1
	for i, it := range items {
		w := f.GetStringWidth(it) + 8
		if x+w > marginL+contentW {
			x, y = marginL, y+5
		}
		d.fill(cols[i])
		f.Rect(x, y+1, 3, 3, "F")
		f.SetXY(x+4, y)
		d.colour(colText)
		f.CellFormat(w-4, 5, it, "", 0, "L", false, 0, "")
		x += w
	}
	f.SetXY(marginL, y+7)
}

// fitText shortens s with an ellipsis until it fits w mm in the current font.
func fitText(f *gofpdf.Fpdf, s string, w float64) string {
	if f.GetStringWidth(s) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && f.GetStringWidth(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}
