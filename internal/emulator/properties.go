package emulator

var propertyPrefixes = []string{"/crm/v3/properties", "/crm/properties/2026-03"}

func (e *Emulator) registerProperties() {}

func seedProperties(p *portal) {}
