package report

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"
)

// a4 is excelize's paper size code of A4.
const a4 = 9

// printSetup makes a sheet print as a person reads it: A4 landscape, scaled
// to the width of one page (as many pages down as the rows need), with the
// first headerRows rows repeated on every page (none when 0). For a
// streamed sheet it is called before the stream writer opens: the stream
// writer keeps the sheet's settings.
func printSetup(f *excelize.File, sheet string, headerRows int) error {
	size, landscape, one, tall := a4, "landscape", 1, 0
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Size: &size, Orientation: &landscape, FitToWidth: &one, FitToHeight: &tall, // 0: as many pages down as needed
	}); err != nil {
		return fmt.Errorf("print set-up of %s: %w", sheet, err)
	}
	fit := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return fmt.Errorf("print set-up of %s: %w", sheet, err)
	}
	if headerRows > 0 {
		quoted := "'" + strings.ReplaceAll(sheet, "'", "''") + "'"
		if err := f.SetDefinedName(&excelize.DefinedName{
			Name:     "_xlnm.Print_Titles",
			RefersTo: fmt.Sprintf("%s!$1:$%d", quoted, headerRows),
			Scope:    sheet,
		}); err != nil {
			return fmt.Errorf("print titles of %s: %w", sheet, err)
		}
	}
	return nil
}
