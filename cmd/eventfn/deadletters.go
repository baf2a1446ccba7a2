package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/eventfn/eventfn/shared/deadletter"
	"github.com/eventfn/eventfn/shared/eventstore"
)

// runDeadLetters lists the dead letters or redrives one.
//
//	eventfn deadletters list [limit]
//	eventfn deadletters redrive <id>
func runDeadLetters(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: eventfn deadletters list [limit] | redrive <id>", errUsage)
	}
	url := databaseURL()
	if url == "" {
		return fmt.Errorf("%w: set DATABASE_URL, or run eventfn dev in this directory", errUsage)
	}
	pool, err := eventstore.Connect(ctx, url)
	if err != nil {
		return err
	}
	defer pool.Close()
	switch args[0] {
	case "list":
		limit, err := optionalInt(args[1:], 50)
		if err != nil {
			return err
		}
		letters, err := deadletter.List(ctx, pool, limit)
		if err != nil {
			return err
		}
		printLetters(letters)
		return nil
	case "redrive":
		if len(args) != 2 {
			return fmt.Errorf("%w: eventfn deadletters redrive <id>", errUsage)
		}
		id, err := strconv.ParseInt(args[1], 10, 64)
		if err != nil {
			return fmt.Errorf("%w: dead letter id %q is not a number", errUsage, args[1])
		}
		if err := deadletter.Redrive(ctx, pool, &http.Client{Timeout: 30 * time.Second}, id); err != nil {
			return err
		}
		fmt.Printf("dead letter %d redriven\n", id)
		return nil
	}
	return fmt.Errorf("%w: unknown deadletters command %q", errUsage, args[0])
}

func optionalInt(args []string, def int) (int, error) {
	if len(args) == 0 {
		return def, nil
	}
	n, err := strconv.Atoi(args[0])
	if err != nil || n < 1 {
		return 0, fmt.Errorf("%w: %q is not a positive number", errUsage, args[0])
	}
	return n, nil
}

func printLetters(letters []deadletter.Letter) {
	w := tabwriter.NewWriter(os.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tTYPE\tEVENT\tCODE\tDESTINATION\tRECEIVED\tLAST\tREDRIVEN\tREASON")
	for _, l := range letters {
		redriven := "-"
		if l.RedrivenAt != nil {
			redriven = l.RedrivenAt.Format(time.RFC3339)
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%d\t%s\t%d\t%s\t%s\t%s\n", l.ID, l.Event.Type(), l.Event.ID(), l.Code, l.Dest,
			l.Received, l.LastReceived.Format(time.RFC3339), redriven, l.Data)
	}
	w.Flush()
}
