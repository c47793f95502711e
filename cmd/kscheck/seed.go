package main

import (
	"context"
	"fmt"
)

func seedCommand(ctx context.Context, env *Env, args []string) error {
	return fmt.Errorf("not available yet")
}
