package main

import "github.com/urfave/cli/v2"

// The verbs below are part of the contract and are built by later work; each
// says so when run.

func applyCommand() *cli.Command {
	return &cli.Command{Name: "apply", Usage: "apply a plan's actions and write the next snapshot (not built yet)", Action: notBuilt("apply")}
}

func genCommand() *cli.Command {
	return &cli.Command{Name: "gen", Usage: "write a synthetic, realistic snapshot (not built yet)", Action: notBuilt("gen")}
}

func convertCommand() *cli.Command {
	return &cli.Command{Name: "convert", Usage: "turn OneRoster, SDS, SS12000, HR or mapped CSV exports into source tables (not built yet)", Action: notBuilt("convert")}
}
