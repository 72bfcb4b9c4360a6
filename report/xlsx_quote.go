package report

import (
	"fmt"

	"github.com/xuri/excelize/v2"
)

// newQuoteStyle adds a cell style like base with the quote prefix set
// (quotePrefix="1" in the cell format): Excel and LibreOffice show such a
// cell's text as it is and keep it text when a person edits it, so a name
// that starts with = or + is never run as a formula, and no apostrophe is
// added to the value. excelize's Style has no field for it, so it is set on
// the cell format excelize made. The style is made distinct (its protection
// written out) so that excelize never hands the same format to another
// NewStyle call.
func newQuoteStyle(f *excelize.File, base *excelize.Style) (int, error) {
	s := *base
	s.Protection = &excelize.Protection{Locked: true}
	id, err := f.NewStyle(&s)
	if err != nil {
		return 0, err
	}
	if f.Styles == nil || f.Styles.CellXfs == nil || id >= len(f.Styles.CellXfs.Xf) {
		return 0, fmt.Errorf("quote style %d: no cell format", id)
	}
	on := true
	f.Styles.CellXfs.Xf[id].QuotePrefix = &on
	return id, nil
}
