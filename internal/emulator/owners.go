package emulator

func (e *Emulator) registerOwners() {}
