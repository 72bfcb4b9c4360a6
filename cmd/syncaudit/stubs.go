package main

import "github.com/urfave/cli/v2"

// The verbs below are part of the contract and are built by later work; each
// says so when run.

func applyCommand() *cli.Command {
	return &cli.Command{Name: "apply", Usage: "apply a plan's actions and write the next snapshot (not built yet)", Action: notBuilt("apply")}
}

func reviewCommand() *cli.Command {
	return &cli.Command{Name: "review", Usage: "the exception-list review round trip (E9) (not built yet)", Subcommands: []*cli.Command{
		{Name: "export", Usage: "write the review workbook", Action: notBuilt("review export")},
		{Name: "import", Usage: "read the decisions back into a plan", Action: notBuilt("review import")},
	}}
}

func genCommand() *cli.Command {
	return &cli.Command{Name: "gen", Usage: "write a synthetic, realistic snapshot (not built yet)", Action: notBuilt("gen")}
}

func convertCommand() *cli.Command {
	return &cli.Command{Name: "convert", Usage: "turn OneRoster, SDS, SS12000, HR or mapped CSV exports into source tables (not built yet)", Action: notBuilt("convert")}
}
