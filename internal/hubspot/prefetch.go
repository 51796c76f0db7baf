package hubspot

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// The prefetch of a run's records.
//
// Terraform reads each resource on its own and runs at most a handful of operations at once
// (10 by default), so coalescing concurrent reads makes batches of about that many records: a
// configuration managing 1,000 tickets still costs some 100 batch reads of the tickets and as
// many of their associations, at HubSpot's 100 requests per 10 seconds. Listing all records of
// the type costs a request per 100 records and reading the associations of all of them a
// request per 1,000, so when a run reads a good share of an account's records, one listing is
// cheaper than reading them as Terraform asks.
//
// The rule: once a run (one client) has read prefetchAfter distinct records of a type, it asks
// HubSpot's search, once, how many records of the type there are (a search with limit 1; its
// total). When the total is at most prefetchFactor times the records read so far, and at most
// prefetchMax, the run lists them all, once, with the union of the properties read so far, and
// reads the associations of all of them for each object type associated records were read
// for so far; an object type whose associations are first read later has the associations of
// all listed records read then, once (a request per 1,000 records). The bound keeps a small
// configuration in a big account from listing the account: a portal with 100,000 tickets and
// a configuration that manages 150 of them must not be listed in full, which would cost more
// than reading the 150. The factor bounds what a listing can waste: a page per 100 records is
// at most half a request per record read so far, where reading those records in Terraform's
// batches of about ten cost a fifth of a request per record with their associations (a tenth
// without), so a run that reads no more loses at most some three to five times what its reads
// cost; a run that reads most of the account saves nearly all its batch reads, and the earlier
// the listing starts, the more. A total too high for the records read so far is looked at again, without
// a new search, as more records are read.
//
// Reads of listed records whose properties are all among the listed ones are then served from
// the listing (the snapshot); any other read goes to HubSpot as before, which also covers the
// records created since the listing. Reads that arrive while the listing runs wait for it
// rather than starting their own.
//
// The list endpoints are consistent, unlike search, whose index lags: a snapshot holds what
// HubSpot held when it was listed. Every write this client makes (create, update, archive,
// association changes) drops the records it touched from the snapshot, also while the listing
// is under way, so a read after a write always asks HubSpot. Changes made elsewhere during the
// run are seen as a read made at the time of the listing would have seen them.
//
// With Config.NoCoalescing there is no prefetch: every read is its own request.
const (
	prefetchAfter  = 20
	prefetchFactor = 50
	prefetchMax    = 10000
)

// recordPrefetcher holds one run's prefetch of the records of one standard object type.
type recordPrefetcher struct {
	c *Client
	// objectType is the type as first asked for, to send in paths.
	objectType string

	mu sync.Mutex
	// What the run has read so far, until the listing is made or given up.
	seen      map[string]bool
	props     map[string]bool
	linkTypes map[string]bool
	// total is HubSpot's count of the type's records, -1 until the search asked for it.
	total    int
	finished bool
	// running is closed when the search or the listing under way ends.
	running chan struct{}
	// linkReads are the reads under way of the listed records' associations with an object
	// type first asked for after the listing, closed when they end.
	linkReads map[string]chan struct{}
	// fetches are the listings and association reads under way.
	fetches map[*pendingFetch]bool
	snap    *recordSnapshot
}

// pendingFetch gathers, while a listing or an association read runs, the records written and
// the records archived, to be left out of what it brings.
type pendingFetch struct {
	dirty, dirtyLinks map[string]bool
}

// beginFetch registers a fetch about to send its first request (p.mu held).
func (p *recordPrefetcher) beginFetch() *pendingFetch {
	f := &pendingFetch{dirty: map[string]bool{}, dirtyLinks: map[string]bool{}}
	p.fetches[f] = true
	return f
}

// recordSnapshot is the listing of all records of a type.
type recordSnapshot struct {
	// defaults marks a listing made with HubSpot's default properties, which serves only
	// reads of the default properties; otherwise it serves reads of props.
	defaults bool
	props    map[string]bool
	records  map[string]*Object
	// links holds, per associated object type, each listed record's associated records.
	links map[string]map[string][]AssociatedRecord
}

// prefetcher returns the prefetch of a standard object type's records, nil for other types or
// without coalescing.
func (c *Client) prefetcher(objectType string) *recordPrefetcher {
	if c.noCoalescing {
		return nil
	}
	typeID, ok := ObjectTypeID(objectType)
	if !ok {
		return nil
	}
	key := "prefetch:" + typeID
	return loadOrStore(&c.coalescers, key, func() *recordPrefetcher {
		return &recordPrefetcher{
			c: c, objectType: objectType, total: -1,
			seen: map[string]bool{}, props: map[string]bool{}, linkTypes: map[string]bool{},
			linkReads: map[string]chan struct{}{}, fetches: map[*pendingFetch]bool{},
		}
	})
}

// read serves a record from the snapshot; ok is false when the read must go to HubSpot.
func (p *recordPrefetcher) read(ctx context.Context, id string, properties []string) (o *Object, ok bool, err error) {
	p.mu.Lock()
	if !p.finished {
		p.seen[id] = true
		for _, name := range properties {
			p.props[name] = true
		}
		p.start(ctx)
	}
	running := p.running
	p.mu.Unlock()
	if err := p.wait(ctx, running); err != nil {
		return nil, false, err
	}

	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.snap
	if s == nil || s.records[id] == nil {
		return nil, false, nil
	}
	rec := s.records[id]
	if len(properties) == 0 {
		if !s.defaults {
			return nil, false, nil
		}
		return rec.clone(), true, nil
	}
	if s.defaults {
		return nil, false, nil
	}
	for _, name := range properties {
		if !s.props[name] {
			return nil, false, nil
		}
	}
	return selectProperties(rec, properties), true, nil
}

// associations serves a record's associations with records of toType from the snapshot; ok
// is false when the read must go to HubSpot.
func (p *recordPrefetcher) associations(ctx context.Context, id, toType string) (recs []AssociatedRecord, ok bool, err error) {
	to := objectTypeSegment(toType)
	p.mu.Lock()
	if !p.finished {
		p.linkTypes[to] = true
	}
	running := p.running
	p.mu.Unlock()
	if err := p.wait(ctx, running); err != nil {
		return nil, false, err
	}

	p.mu.Lock()
	if p.snap == nil || p.snap.records[id] == nil {
		p.mu.Unlock()
		return nil, false, nil
	}
	if _, read := p.snap.links[to]; !read {
		// The first read of this type since the listing reads them all.
		reading := p.linkReads[to]
		if reading == nil {
			reading = make(chan struct{})
			p.linkReads[to] = reading
			ids := make([]string, 0, len(p.snap.records))
			for rid := range p.snap.records {
				ids = append(ids, rid)
			}
			sort.Strings(ids)
			go p.readLinks(context.WithoutCancel(ctx), to, ids, p.beginFetch(), reading)
		}
		p.mu.Unlock()
		if err := p.wait(ctx, reading); err != nil {
			return nil, false, err
		}
		p.mu.Lock()
	}
	defer p.mu.Unlock()
	list, ok := p.snap.links[to][id]
	if !ok {
		return nil, false, nil
	}
	out := make([]AssociatedRecord, len(list))
	for i, r := range list {
		out[i] = AssociatedRecord{ToObjectID: r.ToObjectID, Types: cloneAssociationTypes(r.Types)}
	}
	return out, true, nil
}

// readLinks reads the associations of the listed records with records of type to, after the
// listing.
func (p *recordPrefetcher) readLinks(ctx context.Context, to string, ids []string, f *pendingFetch, done chan struct{}) {
	defer close(done)
	m, err := p.links(ctx, to, ids)
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.fetches, f)
	delete(p.linkReads, to)
	if err != nil {
		// Marked read, so that reads of this type go to HubSpot rather than try again.
		m = map[string][]AssociatedRecord{}
	}
	for id := range m {
		if p.snap.records[id] == nil || f.dirty[id] {
			delete(m, id)
		}
	}
	p.snap.links[to] = m
	p.snap.dropLinkedTo(f.dirtyLinks)
}

// wait waits for the search or listing under way, if any. Giving up waiting leaves it running
// for the others.
func (p *recordPrefetcher) wait(ctx context.Context, running chan struct{}) error {
	if running == nil {
		return nil
	}
	select {
	case <-running:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// start begins the search or the listing when the rule says it is time (p.mu held).
func (p *recordPrefetcher) start(ctx context.Context) {
	if p.finished || p.running != nil || len(p.seen) < prefetchAfter {
		return
	}
	if p.total >= 0 && p.total > prefetchFactor*len(p.seen) {
		return
	}
	done := make(chan struct{})
	p.running = done
	// The prefetch outlives the read that started it: others wait for it.
	go p.run(context.WithoutCancel(ctx), done)
}

func (p *recordPrefetcher) run(ctx context.Context, done chan struct{}) {
	defer close(done)
	p.mu.Lock()
	total := p.total
	p.mu.Unlock()
	if total < 0 {
		res, err := p.c.SearchObjects(ctx, p.objectType, SearchRequest{Limit: 1})
		if err != nil {
			tflog.Debug(ctx, "HubSpot records are read one batch at a time: counting them failed", map[string]any{"object_type": p.objectType, "error": err.Error()})
			p.giveUp()
			return
		}
		total = res.Total
	}

	p.mu.Lock()
	p.total = total
	switch {
	case total > prefetchMax:
		p.mu.Unlock()
		p.giveUp()
		return
	case total > prefetchFactor*len(p.seen):
		// Not yet: more reads may make the listing worth it.
		p.running = nil
		p.mu.Unlock()
		return
	}
	props, linkTypes := sortedKeys(p.props), sortedKeys(p.linkTypes)
	f := p.beginFetch()
	p.mu.Unlock()

	snap, err := p.list(ctx, props, linkTypes)
	if err != nil {
		tflog.Debug(ctx, "HubSpot records are read one batch at a time: listing them failed", map[string]any{"object_type": p.objectType, "error": err.Error()})
	} else {
		tflog.Debug(ctx, "HubSpot records listed for the run's reads", map[string]any{"object_type": p.objectType, "records": len(snap.records), "total": total})
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	delete(p.fetches, f)
	if snap != nil {
		for id := range f.dirty {
			snap.drop(id)
		}
		snap.dropLinkedTo(f.dirtyLinks)
		p.snap = snap
	}
	p.finish()
}

func (p *recordPrefetcher) giveUp() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.finish()
}

// finish ends the prefetch for the run (p.mu held).
func (p *recordPrefetcher) finish() {
	p.finished = true
	p.running = nil
	p.seen, p.props, p.linkTypes = nil, nil, nil
}

// list lists all records with props and reads their associations with each of linkTypes.
// Associations that could not be read for a record are left out: reads of them go to HubSpot.
func (p *recordPrefetcher) list(ctx context.Context, props, linkTypes []string) (*recordSnapshot, error) {
	objs, err := p.c.ListObjects(ctx, p.objectType, ListOptions{Properties: props})
	if err != nil {
		return nil, err
	}
	if len(objs) > prefetchMax {
		return nil, fmt.Errorf("%d records listed, more than the %d a prefetch keeps", len(objs), prefetchMax)
	}
	s := &recordSnapshot{
		defaults: len(props) == 0, props: map[string]bool{},
		records: make(map[string]*Object, len(objs)), links: map[string]map[string][]AssociatedRecord{},
	}
	for _, name := range props {
		s.props[name] = true
	}
	ids := make([]string, len(objs))
	for i := range objs {
		s.records[objs[i].ID] = &objs[i]
		ids[i] = objs[i].ID
	}
	if len(ids) == 0 {
		return s, nil
	}
	for _, to := range linkTypes {
		m, err := p.links(ctx, to, ids)
		if err != nil {
			tflog.Debug(ctx, "HubSpot associations are read one batch at a time: reading them all failed", map[string]any{"object_type": p.objectType, "to_object_type": to, "error": err.Error()})
			continue
		}
		s.links[to] = m
	}
	return s, nil
}

// links reads the associations of records with records of type to. Records whose
// associations could not be read are left out: reads of them go to HubSpot.
func (p *recordPrefetcher) links(ctx context.Context, to string, ids []string) (map[string][]AssociatedRecord, error) {
	lists, err := p.c.BatchReadRecordAssociations(ctx, p.objectType, to, ids)
	var partial *PartialError
	if err != nil && !errors.As(err, &partial) {
		return nil, err
	}
	failed := map[string]bool{}
	if partial != nil {
		for _, be := range partial.Errors {
			for _, id := range be.errorIDs() {
				failed[id] = true
			}
		}
	}
	m := make(map[string][]AssociatedRecord, len(lists))
	for id, l := range lists {
		if !failed[id] {
			m[id] = l
		}
	}
	return m, nil
}

// drop removes a record from the snapshot.
func (s *recordSnapshot) drop(id string) {
	delete(s.records, id)
	for _, m := range s.links {
		delete(m, id)
	}
}

// dropLinkedTo removes the records associated with any of ids: archiving a record removes its
// associations.
func (s *recordSnapshot) dropLinkedTo(ids map[string]bool) {
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

// forget drops records a write touched, or records in the listing under way (p.mu free).
func (p *recordPrefetcher) forget(archived bool, ids []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for f := range p.fetches {
		for _, id := range ids {
			f.dirty[id] = true
			if archived {
				f.dirtyLinks[id] = true
			}
		}
	}
	if p.snap == nil {
		return
	}
	set := make(map[string]bool, len(ids))
	for _, id := range ids {
		p.snap.drop(id)
		set[id] = true
	}
	if archived {
		p.snap.dropLinkedTo(set)
	}
}

// forgetRecords drops the records a write touched from every prefetch of the client, so that
// the next read of them asks HubSpot. Ids are matched whatever their object type: dropping a
// record of another type that has the same id costs one read at most, and writes do not
// always say the type of the records they touch (a create's associations name only type ids).
// archived also drops the records associated with the ids, since archiving a record removes
// its associations.
func (c *Client) forgetRecords(archived bool, ids ...string) {
	if len(ids) == 0 {
		return
	}
	c.coalescers.Range(func(_, v any) bool {
		if p, ok := v.(*recordPrefetcher); ok {
			p.forget(archived, ids)
		}
		return true
	})
}
