package emulator

var objectPrefixes = []string{"/crm/v3/objects", "/crm/objects/2026-03"}

func (e *Emulator) registerObjects() {}
