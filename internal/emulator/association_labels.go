package emulator

func (e *Emulator) registerAssociationLabels() {}
