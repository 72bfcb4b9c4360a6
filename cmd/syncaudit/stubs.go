package main

import "github.com/urfave/cli/v2"

// The verbs below are part of the contract and are built by later work; each
// says so when run.

func diffCommand() *cli.Command {
	return &cli.Command{Name: "diff", Usage: "compare two reports (not built yet)", Action: notBuilt("diff")}
}
