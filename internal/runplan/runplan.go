// Package runplan records what the resources of one Terraform run plan, for the plan-time
// checks of other resources in the same run: a property that names a group this run
// creates, a ticket that sets an option this run adds, two resources that would create the
// same object.
//
// Terraform plans a resource after every resource it refers to (or lists in depends_on) and
// in no set order otherwise. What a check can rely on finding in a Registry is therefore what
// the resources it depends on recorded; an entry of any other resource may or may not be
// there yet. Each check states how it uses that.
package runplan

import "sync"

// Kind is a kind of planned object, whose names are unique in HubSpot.
type Kind string

// The kinds the provider records.
const (
	PropertyGroup  Kind = "ticket property group"
	TicketProperty Kind = "ticket property"
	// Ticket is a ticket record, by id, claimed by the resource that manages it.
	Ticket Kind = "ticket"
	// PipelineLabel is a ticket pipeline, by its label as HubSpot compares labels.
	PipelineLabel Kind = "ticket pipeline"
	// StageLabel is a stage a hubspot_ticket_pipeline_stage plans, by "PIPELINE_ID/label".
	StageLabel Kind = "pipeline stage"
	// AssociationLabel is a custom association label, by "PAIR/name" (see the resource).
	AssociationLabel Kind = "association label"
	// UniqueValue is a value of a property with unique values that a ticket sets, by
	// "property/value".
	UniqueValue Kind = "unique ticket property value"
)

// Registry holds what one run plans. It lives in the provider's data, created when the
// provider is configured, so each run (each configured provider) has its own; it is safe for
// the concurrent plans of one run.
type Registry struct {
	mu      sync.Mutex
	entries map[key][]Entry
}

type key struct {
	kind Kind
	name string
}

// Entry is what one resource plans for one object.
type Entry struct {
	// Owner tells the planning resources apart. Terraform may plan a resource twice in one
	// run (a replacement is planned as an update, then as a create), and both plans must
	// count as one owner's.
	Owner string
	Value any
}

// New returns an empty registry.
func New() *Registry { return &Registry{entries: map[key][]Entry{}} }

// Record records that owner plans the object kind/name with value v, replacing what the same
// owner recorded before, and returns the entries other owners recorded for the same object.
func (r *Registry) Record(kind Kind, name, owner string, v any) (others []Entry) {
	r.mu.Lock()
	defer r.mu.Unlock()
	k := key{kind, name}
	list := r.entries[k]
	replaced := false
	for i := range list {
		if list[i].Owner == owner {
			list[i].Value, replaced = v, true
			continue
		}
		others = append(others, list[i])
	}
	if !replaced {
		list = append(list, Entry{Owner: owner, Value: v})
	}
	r.entries[k] = list
	return others
}

// Lookup returns the value the first owner recorded for kind/name, and false when no resource
// of the run has recorded the object.
func Lookup[T any](r *Registry, kind Kind, name string) (T, bool) {
	var zero T
	if r == nil {
		return zero, false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	list := r.entries[key{kind, name}]
	if len(list) == 0 {
		return zero, false
	}
	v, ok := list[0].Value.(T)
	return v, ok
}

// Claim records that owner takes the object kind/name, and reports whether it could: false
// when another owner took it first. Claims let resources that look for objects they may have
// made tell apart two such objects that look alike.
func (r *Registry) Claim(kind Kind, name, owner string) bool {
	if r == nil {
		return true
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	k := key{kind, name}
	for _, e := range r.entries[k] {
		if e.Owner != owner {
			return false
		}
	}
	if len(r.entries[k]) == 0 {
		r.entries[k] = []Entry{{Owner: owner}}
	}
	return true
}

// Names returns the names recorded of a kind, each once, with the value the first owner
// recorded.
func Names[T any](r *Registry, kind Kind) map[string]T {
	out := map[string]T{}
	if r == nil {
		return out
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for k, list := range r.entries {
		if k.kind != kind || len(list) == 0 {
			continue
		}
		if v, ok := list[0].Value.(T); ok {
			out[k.name] = v
		}
	}
	return out
}

// Recorded returns the value owner recorded for kind/name, and false when it recorded none.
// A replacement's second plan, which no longer sees the prior state, uses it to keep what its
// first plan knew.
func Recorded[T any](r *Registry, kind Kind, name, owner string) (T, bool) {
	var zero T
	if r == nil {
		return zero, false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range r.entries[key{kind, name}] {
		if e.Owner == owner {
			v, ok := e.Value.(T)
			return v, ok
		}
	}
	return zero, false
}
