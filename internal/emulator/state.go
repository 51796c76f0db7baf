package emulator

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// load reads the portal saved at opts.StatePath; false when there is none yet.
func (e *Emulator) load() (bool, error) {
	if e.opts.StatePath == "" {
		return false, nil
	}
	data, err := os.ReadFile(e.opts.StatePath)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("emulator: reading state: %w", err)
	}
	p := &portal{}
	if err := json.Unmarshal(data, p); err != nil {
		return false, fmt.Errorf("emulator: state file %s is not a saved portal: %w", e.opts.StatePath, err)
	}
	e.p = p
	return true, nil
}

// save writes the portal atomically, so a crash never leaves a half-written state file.
func (e *Emulator) save() error {
	if e.opts.StatePath == "" {
		return nil
	}
	data, err := json.Marshal(e.p)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(e.opts.StatePath), ".hubspot-state-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), e.opts.StatePath)
}
