package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/onetoone/onetoone/models"
)

// resealCmd re-seals every reflection with the first key of
// ONETOONE_ENCRYPTION_KEY, the step of a key rotation after which the old
// keys can be dropped. Run it once every replica runs with the new key
// first; it is safe while they serve, and safe to run again.
func resealCmd(ctx context.Context, getenv func(string) string, stdout io.Writer) error {
	c, err := loadConfig(getenv, false)
	if err != nil {
		return err
	}
	if len(c.EncryptionKeys) == 0 {
		return &configError{"ONETOONE_ENCRYPTION_KEY", "is not set: reseal seals reflections with its first key; see README.md, \"Encryption and key rotation\""}
	}
	sealer, err := models.NewAESGCMSealer(c.EncryptionKeys...)
	if err != nil {
		return err
	}
	s, err := openExistingStore(ctx, c, time.Now)
	if err != nil {
		return err
	}
	defer s.Close()
	n, err := s.ResealReflections(ctx)
	if err != nil {
		return fmt.Errorf("resealed %d reflections, then stopped: %s", n, oneLine(err))
	}
	fmt.Fprintf(stdout, "resealed %d reflections with key %s; every reflection now opens with that key alone\n", n, sealer.KeyID())
	t, err := s.ResealTokens(ctx)
	if err != nil {
		return fmt.Errorf("resealed the reflections, but not the workspaces' bot tokens: %s", oneLine(err))
	}
	if t > 0 {
		fmt.Fprintf(stdout, "resealed %d workspaces' bot tokens with key %s\n", t, sealer.KeyID())
	}
	p, err := s.ResealNotes(ctx)
	if err != nil {
		return fmt.Errorf("resealed the reflections and tokens, but not the roster's notes: %s", oneLine(err))
	}
	if p > 0 {
		fmt.Fprintf(stdout, "resealed the notes of %d people of the roster with key %s\n", p, sealer.KeyID())
	}
	return nil
}
