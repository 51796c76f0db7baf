package coalesce

import (
	"context"
	"errors"
	"maps"
	"net/url"
	"slices"
	"sync"

	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// The listing of a run's records.
//
// Terraform reads each resource on its own, at most -parallelism (10) at a time, so batches
// gathered from its reads carry about ten records: a configuration managing 1,000 tickets
// costs some 100 batch reads of the tickets and as many of their associations. Listing all
// records of the type costs a request per 100 records and reading the associations of all of
// them a request per 1,000, so when a run reads a good share of an account's records, one
// listing is cheaper than reading them as Terraform asks.
//
// The rule: once a run has read listAfter distinct records of a type, it asks HubSpot's search,
// once, how many records of the type there are (a search with limit 1; its total). When the
// total is at most listFactor times the records read so far, and at most listMax, the run
// lists them all, once, and reads the associations of all of them for each object type
// associated records were read for so far; an object type whose associations are first read
// later has the associations of all listed records read then, once. A total too high for the
// records read so far is looked at again, without a new search, as more records are read. The
// bound keeps a small configuration in a big account from listing the account: reading 150
// tickets of 100,000 must not cost 1,000 pages. The factor bounds what a listing can waste: a
// page per 100 records is at most half a request per record read so far.
//
// The listing asks for every property read so far and other custom properties of the type
// (see listedProperties), so that it serves the reads of records whatever properties each
// sets; the names travel in the URL, so a long list is split over several listings whose
// answers are merged. Reads of listed
// records whose properties are all among the listed ones are served from the listing; any
// other read goes to HubSpot, which also covers the records created since. Reads that arrive
// while the listing runs wait for it rather than start their own, and when every one of them
// has stopped waiting, the listing stops.
//
// The list endpoints are consistent, unlike search, whose index lags: a listing holds what
// HubSpot held when it was listed. Every write of the layer drops the records it touched from
// the listing, also while the listing is under way (see Client.apply), so a read after a write
// always asks HubSpot. Changes made elsewhere during the run are seen as a read made at the
// time of the listing would have seen them.
const (
	listAfter  = 20
	listFactor = 50
	listMax    = 10000
	// maxPropertiesQuery bounds the properties named in one listing's URL, in bytes once
	// escaped, well within what servers and proxies accept of a URL.
	maxPropertiesQuery = 4000
)

// listings holds a run's listings, one per standard object type.
type listings struct {
	mu sync.Mutex
	m  map[string]*listing
}

// of returns the listing of a standard object type's records, nil for other types.
func (ls *listings) of(c *Client, objectType string) *listing {
	id, ok := hubspot.ObjectTypeID(objectType)
	if !ok {
		return nil
	}
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if ls.m == nil {
		ls.m = map[string]*listing{}
	}
	l := ls.m[id]
	if l == nil {
		l = &listing{c: c, objectType: objectType, total: -1, seen: map[string]bool{}, props: map[string]bool{},
			linkTypes: map[string]bool{}, linkReads: map[string]*flight[struct{}]{}, fetches: map[*pendingFetch]bool{}}
		ls.m[id] = l
	}
	return l
}

// forget drops records a write touched from every listing, so that the next read of them asks
// HubSpot. Ids are matched whatever their object type: dropping a record of another type that
// has the same id costs one read at most, and writes do not always say the type of the records
// they touch (a create's associations name only type ids).
func (ls *listings) forget(archived bool, ids []string) {
	if len(ids) == 0 {
		return
	}
	ls.mu.Lock()
	all := make([]*listing, 0, len(ls.m))
	for _, l := range ls.m {
		all = append(all, l)
	}
	ls.mu.Unlock()
	for _, l := range all {
		l.forget(archived, ids)
	}
}

// listing holds one run's listing of the records of one standard object type.
type listing struct {
	c *Client
	// objectType is the type as first asked for, to send in paths.
	objectType string

	mu sync.Mutex
	// What the run has read so far, until the listing is made or given up.
	seen, props, linkTypes map[string]bool
	// total is HubSpot's count of the type's records, -1 until the search asked for it.
	total    int
	finished bool
	// running is the search or the listing under way.
	running *flight[struct{}]
	// linkReads are the reads under way of the listed records' associations with an object
	// type first asked for after the listing.
	linkReads map[string]*flight[struct{}]
	// fetches are the listings and association reads under way.
	fetches map[*pendingFetch]bool
	snap    *snapshot
}

// pendingFetch gathers, while a listing or an association read runs, the records written and
// the records archived, to be left out of what it brings.
type pendingFetch struct {
	dirty, dirtyLinks map[string]bool
}

func (l *listing) beginFetch() *pendingFetch {
	f := &pendingFetch{dirty: map[string]bool{}, dirtyLinks: map[string]bool{}}
	l.fetches[f] = true
	return f
}

// snapshot is the listing of all records of a type.
type snapshot struct {
	props   map[string]bool
	records map[string]*hubspot.Object
	// links holds, per associated object type, each listed record's associated records.
	links map[string]map[string][]hubspot.AssociatedRecord
}

// await waits for a flight under way as one of its callers; giving up leaves it to the others,
// and stops it when there are none.
func await(ctx context.Context, l *listing, f *flight[struct{}]) error {
	l.mu.Lock()
	joined := f != nil && f.who.join()
	l.mu.Unlock()
	if !joined {
		return nil
	}
	_, _ = f.wait(ctx)
	return ctx.Err()
}

// read serves a record from the listing; ok is false when the read must go to HubSpot.
func (l *listing) read(ctx context.Context, id string, properties []string) (*hubspot.Object, bool, error) {
	l.mu.Lock()
	if !l.finished {
		l.seen[id] = true
		for _, name := range properties {
			l.props[name] = true
		}
		l.start(ctx)
	}
	running := l.running
	l.mu.Unlock()
	if err := await(ctx, l, running); err != nil {
		return nil, false, err
	}

	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.snap
	if s == nil || s.records[id] == nil || len(properties) == 0 {
		return nil, false, nil
	}
	for _, name := range properties {
		if !s.props[name] {
			return nil, false, nil
		}
	}
	return selectProperties(s.records[id], properties), true, nil
}

// links serves a record's associations with records of toType from the listing; ok is false
// when the read must go to HubSpot.
func (l *listing) links(ctx context.Context, id, toType string) ([]hubspot.AssociatedRecord, bool, error) {
	to := hubspot.CanonicalObjectType(toType)
	l.mu.Lock()
	if !l.finished {
		l.linkTypes[to] = true
	}
	running := l.running
	l.mu.Unlock()
	if err := await(ctx, l, running); err != nil {
		return nil, false, err
	}

	l.mu.Lock()
	if l.snap == nil || l.snap.records[id] == nil {
		l.mu.Unlock()
		return nil, false, nil
	}
	if _, read := l.snap.links[to]; !read {
		// The first read of this type since the listing reads them all.
		reading := l.linkReads[to]
		if reading == nil {
			reading = l.startLinkRead(ctx, to)
		}
		l.mu.Unlock()
		if err := await(ctx, l, reading); err != nil {
			return nil, false, err
		}
		l.mu.Lock()
	}
	defer l.mu.Unlock()
	list, ok := l.snap.links[to][id]
	if !ok {
		return nil, false, nil
	}
	return cloneLinks(list), true, nil
}

// startLinkRead reads the associations of the listed records with records of type to, after
// the listing (l.mu held).
func (l *listing) startLinkRead(ctx context.Context, to string) *flight[struct{}] {
	ids := slices.Sorted(maps.Keys(l.snap.records))
	f := l.beginFetch()
	reading := fly(ctx, func(ctx context.Context) (struct{}, error) {
		m, err := l.readAllLinks(ctx, to, ids)
		l.mu.Lock()
		defer l.mu.Unlock()
		delete(l.fetches, f)
		delete(l.linkReads, to)
		if err != nil {
			// Marked read, so that reads of this type go to HubSpot rather than try again.
			m = map[string][]hubspot.AssociatedRecord{}
		}
		for id := range m {
			if l.snap.records[id] == nil || f.dirty[id] {
				delete(m, id)
			}
		}
		l.snap.links[to] = m
		l.snap.dropLinkedTo(f.dirtyLinks)
		return struct{}{}, err
	}, nil)
	l.linkReads[to] = reading
	return reading
}

// start begins the search or the listing when the rule says it is time (l.mu held).
func (l *listing) start(ctx context.Context) {
	if l.finished || l.running != nil || len(l.seen) < listAfter {
		return
	}
	if l.total >= 0 && l.total > listFactor*len(l.seen) {
		return
	}
	l.running = fly(ctx, l.run, nil)
}

func (l *listing) run(ctx context.Context) (struct{}, error) {
	l.mu.Lock()
	total := l.total
	l.mu.Unlock()
	if total < 0 {
		res, err := l.c.api.SearchObjects(ctx, l.objectType, hubspot.SearchRequest{Limit: 1})
		if err != nil {
			tflog.Debug(ctx, "HubSpot records are read one batch at a time: counting them failed", map[string]any{"object_type": l.objectType, "error": err.Error()})
			l.finish(nil, nil)
			return struct{}{}, err
		}
		total = res.Total
	}

	l.mu.Lock()
	l.total = total
	switch {
	case total > listMax:
		l.mu.Unlock()
		l.finish(nil, nil)
		return struct{}{}, nil
	case total > listFactor*len(l.seen):
		// Not yet: more reads may make the listing worth it.
		l.running = nil
		l.mu.Unlock()
		return struct{}{}, nil
	}
	props, linkTypes := slices.Sorted(maps.Keys(l.props)), slices.Sorted(maps.Keys(l.linkTypes))
	reads := len(l.seen)
	f := l.beginFetch()
	l.mu.Unlock()

	snap, err := l.list(ctx, l.listedProperties(ctx, props, reads), linkTypes)
	if err != nil {
		tflog.Debug(ctx, "HubSpot records are read one batch at a time: listing them failed", map[string]any{"object_type": l.objectType, "error": err.Error()})
	} else {
		tflog.Debug(ctx, "HubSpot records listed for the run's reads", map[string]any{"object_type": l.objectType, "records": len(snap.records), "total": total})
	}
	l.finish(f, snap)
	return struct{}{}, err
}

// listedProperties are the properties a listing asks for: those read so far, and other custom
// properties of the type, so that it also serves the reads of records that set properties no
// read has asked for yet. Each listing more costs as many pages as the first, so how many
// others it names depends on what the reads so far set. When they set few custom properties
// (no more than one for every four reads), the records yet to be read likely set the same
// ones: the others fill the URLs the properties read need, and the few reads the listing
// cannot serve go to HubSpot, rather than every page being listed again for properties no
// record may set. When they set many, every custom property is named, over as many listings
// as that takes.
func (l *listing) listedProperties(ctx context.Context, seen []string, reads int) []string {
	defs, err := l.c.ListProperties(ctx, l.objectType, hubspot.PropertyQuery{})
	if err != nil {
		tflog.Debug(ctx, "HubSpot records are listed with the properties read so far: the property list failed", map[string]any{"error": err.Error()})
	}
	var others []string
	seenCustom := 0
	for _, p := range defs {
		if p.HubspotDefined || p.Calculated {
			continue
		}
		if slices.Contains(seen, p.Name) {
			seenCustom++
		} else {
			others = append(others, p.Name)
		}
	}
	slices.Sort(others)
	names := append(slices.Clone(seen), others...)
	if seenCustom*4 > reads {
		return names
	}
	chunks := propertyChunks(names)
	keep := max(len(propertyChunks(seen)), 1)
	return slices.Concat(chunks[:min(keep, len(chunks))]...)
}

// finish ends the listing for the run with the snapshot made, if any.
func (l *listing) finish(f *pendingFetch, snap *snapshot) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if f != nil {
		delete(l.fetches, f)
	}
	if snap != nil {
		for id := range f.dirty {
			snap.drop(id)
		}
		snap.dropLinkedTo(f.dirtyLinks)
		l.snap = snap
	}
	l.finished = true
	l.running = nil
	l.seen, l.props, l.linkTypes = nil, nil, nil
}

// propertyChunks splits property names into groups whose escaped, comma-joined length stays
// within maxPropertiesQuery.
func propertyChunks(names []string) [][]string {
	var out [][]string
	var cur []string
	size := 0
	for _, n := range names {
		w := len(url.QueryEscape(n)) + len("%2C")
		if len(cur) > 0 && size+w > maxPropertiesQuery {
			out = append(out, cur)
			cur, size = nil, 0
		}
		cur = append(cur, n)
		size += w
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// list lists all records with props and reads their associations with each of linkTypes.
// Associations that could not be read for a record are left out: reads of them go to HubSpot.
func (l *listing) list(ctx context.Context, props, linkTypes []string) (*snapshot, error) {
	if len(props) == 0 {
		return nil, errors.New("no properties to list")
	}
	s := &snapshot{props: map[string]bool{}, records: map[string]*hubspot.Object{}, links: map[string]map[string][]hubspot.AssociatedRecord{}}
	for i, chunk := range propertyChunks(props) {
		objs, err := l.c.api.ListObjects(ctx, l.objectType, hubspot.ListOptions{Properties: chunk})
		if err != nil {
			return nil, err
		}
		if len(objs) > listMax {
			return nil, errors.New("more records listed than a listing keeps")
		}
		s.merge(objs, i == 0)
		for _, name := range chunk {
			s.props[name] = true
		}
	}
	if len(s.records) == 0 {
		return s, nil
	}
	ids := slices.Sorted(maps.Keys(s.records))
	for _, to := range linkTypes {
		m, err := l.readAllLinks(ctx, to, ids)
		if err != nil {
			tflog.Debug(ctx, "HubSpot associations are read one batch at a time: reading them all failed", map[string]any{"object_type": l.objectType, "to_object_type": to, "error": err.Error()})
			continue
		}
		s.links[to] = m
	}
	return s, nil
}

// merge adds one listing's records; a later listing keeps only the records every listing
// holds, so that no record is served with a part of its properties.
func (s *snapshot) merge(objs []hubspot.Object, first bool) {
	if first {
		for i := range objs {
			s.records[objs[i].ID] = &objs[i]
		}
		return
	}
	in := make(map[string]bool, len(objs))
	for i := range objs {
		o := &objs[i]
		in[o.ID] = true
		if r := s.records[o.ID]; r != nil {
			for k, v := range o.Properties {
				r.Properties[k] = v
			}
		}
	}
	for id := range s.records {
		if !in[id] {
			delete(s.records, id)
		}
	}
}

// readAllLinks reads the associations of records with records of type to. Records whose
// associations could not be read are left out: reads of them go to HubSpot.
func (l *listing) readAllLinks(ctx context.Context, to string, ids []string) (map[string][]hubspot.AssociatedRecord, error) {
	lists, err := l.c.api.BatchReadRecordAssociations(ctx, l.objectType, to, ids)
	var partial *hubspot.PartialError
	if err != nil && !errors.As(err, &partial) {
		return nil, err
	}
	failed := map[string]bool{}
	if partial != nil {
		for _, be := range partial.Errors {
			for _, id := range be.IDs() {
				failed[id] = true
			}
		}
	}
	m := make(map[string][]hubspot.AssociatedRecord, len(lists))
	for id, list := range lists {
		if !failed[id] {
			m[id] = list
		}
	}
	return m, nil
}

// drop removes a record from the snapshot.
func (s *snapshot) drop(id string) {
	delete(s.records, id)
	for _, m := range s.links {
		delete(m, id)
	}
}

// dropLinkedTo removes the records associated with any of ids: archiving a record removes its
// associations.
func (s *snapshot) dropLinkedTo(ids map[string]bool) {
	if len(ids) == 0 {
		return
	}
	for _, m := range s.links {
		for from, list := range m {
			for _, r := range list {
				if ids[r.ToObjectID] {
					s.drop(from)
					break
				}
			}
		}
	}
}

// forget drops records a write touched, from the snapshot and from fetches under way.
// archived also drops the records associated with the ids.
func (l *listing) forget(archived bool, ids []string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for f := range l.fetches {
		for _, id := range ids {
			f.dirty[id] = true
			if archived {
				f.dirtyLinks[id] = true
			}
		}
	}
	if l.snap == nil {
		return
	}
	set := make(map[string]bool, len(ids))
	for _, id := range ids {
		l.snap.drop(id)
		set[id] = true
	}
	if archived {
		l.snap.dropLinkedTo(set)
	}
}
