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

func diffCommand() *cli.Command {
	return &cli.Command{Name: "diff", Usage: "compare two reports (not built yet)", Action: notBuilt("diff")}
}
