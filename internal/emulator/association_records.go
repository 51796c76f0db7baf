package emulator

func (e *Emulator) registerAssociationRecords() {}
