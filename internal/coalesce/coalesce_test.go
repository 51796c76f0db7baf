package coalesce

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// seen is one request the backend received.
type seen struct {
	method, path string
	query        string
	body         map[string]any
}

// backend is an httptest HubSpot whose answers a test writes, and which records every request.
type backend struct {
	srv    *httptest.Server
	mu     sync.Mutex
	got    []seen
	answer func(w http.ResponseWriter, r *http.Request, body map[string]any)
}

func newBackend(t *testing.T, answer func(w http.ResponseWriter, r *http.Request, body map[string]any)) *backend {
	t.Helper()
	b := &backend{answer: answer}
	b.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, _ := io.ReadAll(r.Body)
		var body map[string]any
		_ = json.Unmarshal(data, &body)
		b.mu.Lock()
		b.got = append(b.got, seen{method: r.Method, path: r.URL.Path, query: r.URL.RawQuery, body: body})
		b.mu.Unlock()
		b.answer(w, r, body)
	}))
	t.Cleanup(b.srv.Close)
	return b
}

func (b *backend) requests() []seen {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]seen(nil), b.got...)
}

// count counts the requests of one method and path.
func (b *backend) count(method, path string) int {
	n := 0
	for _, s := range b.requests() {
		if s.method == method && s.path == path {
			n++
		}
	}
	return n
}

func reply(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if s, ok := v.(string); ok {
		fmt.Fprint(w, s)
		return
	}
	_ = json.NewEncoder(w).Encode(v)
}

// newClient wraps a client of srv. batch, when set, makes every batch go once it holds that
// many calls and not before, so that a test knows what each batch carries.
func newClient(t *testing.T, srv *httptest.Server, batch int) *Client {
	t.Helper()
	api, err := hubspot.New(hubspot.Config{BaseURL: srv.URL, AccessToken: "t", RequestsPerInterval: 100000,
		MinBackoff: time.Millisecond, MaxBackoff: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	c := New(api)
	if batch > 0 {
		c.policy = policy{window: time.Hour, maxGather: time.Hour, batch: batch}
	}
	return c
}

// inputs returns the "inputs" of a batch body, as maps.
func inputs(body map[string]any) []map[string]any {
	list, _ := body["inputs"].([]any)
	out := make([]map[string]any, 0, len(list))
	for _, v := range list {
		m, _ := v.(map[string]any)
		out = append(out, m)
	}
	return out
}

func strs(v any) []string {
	list, _ := v.([]any)
	out := make([]string, 0, len(list))
	for _, s := range list {
		out = append(out, fmt.Sprint(s))
	}
	sort.Strings(out)
	return out
}

func TestConcurrentReadsShareOneBatchAndEachGetsWhatItAsked(t *testing.T) {
	b := newBackend(t, func(w http.ResponseWriter, r *http.Request, body map[string]any) {
		var results []map[string]any
		for _, in := range inputs(body) {
			id := fmt.Sprint(in["id"])
			if id == "404" {
				continue
			}
			props := map[string]any{"hs_object_id": id}
			for _, p := range strs(body["properties"]) {
				props[p] = p + "-of-" + id
			}
			results = append(results, map[string]any{"id": id, "properties": props})
		}
		reply(w, 207, map[string]any{"results": results, "errors": []any{
			map[string]any{"status": "error", "category": "OBJECT_NOT_FOUND", "message": "not found", "context": map[string]any{"ids": []string{"404"}}},
		}})
	})
	c := newClient(t, b.srv, 4)
	ids := []string{"1", "2", "3", "404"}
	got := make([]*hubspot.Object, 4)
	errs := make([]error, 4)
	eachOnItsOwn(4, func(i int) {
		got[i], errs[i] = c.GetObject(context.Background(), "tickets", ids[i], []string{"subject", "prop_" + ids[i]})
	})

	reqs := b.requests()
	if len(reqs) != 1 || reqs[0].path != "/crm/v3/objects/tickets/batch/read" {
		t.Fatalf("requests = %+v, want one batch read", reqs)
	}
	if want := []string{"prop_1", "prop_2", "prop_3", "prop_404", "subject"}; fmt.Sprint(strs(reqs[0].body["properties"])) != fmt.Sprint(want) {
		t.Errorf("batch asked for %v, want the union %v", strs(reqs[0].body["properties"]), want)
	}
	for i, id := range ids[:3] {
		if errs[i] != nil {
			t.Fatalf("read %s: %v", id, errs[i])
		}
		want := map[string]string{"hs_object_id": id, "subject": "subject-of-" + id, "prop_" + id: "prop_" + id + "-of-" + id}
		if fmt.Sprint(got[i].Properties) != fmt.Sprint(want) {
			t.Errorf("read %s = %v, want only what it asked for: %v", id, got[i].Properties, want)
		}
	}
	if !hubspot.IsNotFound(errs[3]) {
		t.Errorf("read of a missing record: %v, want not found", errs[3])
	}
}

func TestBatchCreateAnswersEachCallerByTraceID(t *testing.T) {
	b := newBackend(t, func(w http.ResponseWriter, r *http.Request, body map[string]any) {
		var results, errs []any
		ins := inputs(body)
		// HubSpot answers in its own order.
		for k := len(ins) - 1; k >= 0; k-- {
			in := ins[k]
			props, _ := in["properties"].(map[string]any)
			if props["subject"] == "bad" {
				errs = append(errs, map[string]any{"status": "error", "category": "VALIDATION_ERROR", "message": "invalid value",
					"context": map[string]any{"objectWriteTraceId": []any{in["objectWriteTraceId"]}}})
				continue
			}
			results = append(results, map[string]any{"id": fmt.Sprint("10", k), "properties": props, "objectWriteTraceId": in["objectWriteTraceId"]})
		}
		reply(w, 207, map[string]any{"results": results, "errors": errs})
	})
	c := newClient(t, b.srv, 3)
	subjects := []string{"a", "bad", "c"}
	got := make([]*hubspot.Object, 3)
	errs := make([]error, 3)
	eachOnItsOwn(3, func(i int) {
		got[i], errs[i] = c.CreateObject(context.Background(), "tickets", hubspot.ObjectInput{Properties: map[string]string{"subject": subjects[i]}})
	})
	if n := b.count(http.MethodPost, "/crm/v3/objects/tickets/batch/create"); n != 1 || len(b.requests()) != 1 {
		t.Fatalf("requests = %+v, want one batch create", b.requests())
	}
	for _, i := range []int{0, 2} {
		if errs[i] != nil || got[i].Properties["subject"] != subjects[i] {
			t.Errorf("create %q = %v, %v", subjects[i], got[i], errs[i])
		}
	}
	if !hubspot.IsValidation(errs[1]) || !strings.Contains(errs[1].Error(), "invalid value") {
		t.Errorf("refused create: %v, want HubSpot's refusal for it alone", errs[1])
	}
}

func TestBatchCreateWithAnUnknownOutcomeIsNeverSentAgain(t *testing.T) {
	b := newBackend(t, func(w http.ResponseWriter, r *http.Request, body map[string]any) {
		reply(w, 502, "<html>bad gateway</html>")
	})
	c := newClient(t, b.srv, 2)
	errs := make([]error, 2)
	eachOnItsOwn(2, func(i int) {
		_, errs[i] = c.CreateObject(context.Background(), "tickets", hubspot.ObjectInput{Properties: map[string]string{"subject": fmt.Sprint("s", i)}})
	})
	if n := len(b.requests()); n != 1 {
		t.Fatalf("%d requests, want the one batch create and no retry", n)
	}
	for i, err := range errs {
		var u *hubspot.UncertainCreateError
		if !errors.As(err, &u) || u.Properties["subject"] != fmt.Sprint("s", i) {
			t.Errorf("caller %d: %v, want an uncertain create carrying its own values", i, err)
		}
	}
}

func TestAWriteLeftBeforeItsBatchIsSentIsNotSent(t *testing.T) {
	b := newBackend(t, func(w http.ResponseWriter, r *http.Request, body map[string]any) {
		var results []any
		for _, in := range inputs(body) {
			results = append(results, map[string]any{"id": in["id"], "properties": in["properties"]})
		}
		reply(w, 200, map[string]any{"results": results})
	})
	c := newClient(t, b.srv, 2)
	ctx, cancel := context.WithCancel(context.Background())
	left := make(chan error)
	go func() {
		_, err := c.UpdateObject(ctx, "tickets", "7", map[string]string{"subject": "gone"})
		left <- err
	}()
	// The batch waits for two calls; this one leaves while it is the only one.
	cancel()
	if err := <-left; !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	eachOnItsOwn(2, func(i int) {
		if _, err := c.UpdateObject(context.Background(), "tickets", fmt.Sprint(i+1), map[string]string{"subject": "kept"}); err != nil {
			t.Error(err)
		}
	})
	reqs := b.requests()
	if len(reqs) != 1 || len(inputs(reqs[0].body)) != 2 {
		t.Fatalf("requests = %+v, want one batch update of the two callers still waiting", reqs)
	}
	for _, in := range inputs(reqs[0].body) {
		if in["id"] == "7" {
			t.Fatal("the write whose caller left was sent")
		}
	}
}

func TestListsAreSharedUntilAWrite(t *testing.T) {
	release := make(chan struct{})
	b := newBackend(t, func(w http.ResponseWriter, r *http.Request, body map[string]any) {
		if r.Method == http.MethodGet {
			<-release
			reply(w, 200, `{"results":[{"id":"0","label":"Support","stages":[{"id":"1","label":"New","metadata":{}}]}]}`)
			return
		}
		reply(w, 201, `{"id":"9","label":"Review","metadata":{}}`)
	})
	c := newClient(t, b.srv, 0)
	ctx := context.Background()
	go func() { close(release) }()
	eachOnItsOwn(5, func(int) {
		if _, err := c.ListPipelines(ctx, "tickets"); err != nil {
			t.Error(err)
		}
	})
	if p, err := c.GetPipeline(ctx, "0-5", "0"); err != nil || p.Label != "Support" {
		t.Fatalf("pipeline = %v, %v", p, err)
	}
	if s, err := c.GetPipelineStage(ctx, "ticket", "0", "1"); err != nil || s.Label != "New" {
		t.Fatalf("stage = %v, %v", s, err)
	}
	if n := b.count(http.MethodGet, "/crm/v3/pipelines/tickets"); n != 1 {
		t.Fatalf("%d list requests for every read of the run, want 1", n)
	}
	if _, err := c.CreatePipelineStage(ctx, "tickets", "0", hubspot.PipelineStageInput{Label: "Review"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListPipelines(ctx, "tickets"); err != nil {
		t.Fatal(err)
	}
	if n := b.count(http.MethodGet, "/crm/v3/pipelines/tickets"); n != 2 {
		t.Fatalf("%d list requests, want a second one after the stage create", n)
	}
}

func TestAListAskedForBeforeAWriteIsNotServedAfterIt(t *testing.T) {
	first := make(chan struct{})
	releaseFirst := make(chan struct{})
	var gets int
	var mu sync.Mutex
	b := newBackend(t, func(w http.ResponseWriter, r *http.Request, body map[string]any) {
		switch r.Method {
		case http.MethodGet:
			mu.Lock()
			gets++
			n := gets
			mu.Unlock()
			if n == 1 {
				close(first)
				<-releaseFirst
				reply(w, 200, `{"results":[{"name":"old","label":"Old"}]}`)
				return
			}
			reply(w, 200, `{"results":[{"name":"old","label":"Old"},{"name":"new","label":"New"}]}`)
		default:
			reply(w, 201, `{"name":"new","label":"New"}`)
		}
	})
	c := newClient(t, b.srv, 0)
	ctx := context.Background()
	before := make(chan []hubspot.PropertyGroup)
	go func() {
		list, _ := c.ListPropertyGroups(ctx, "tickets")
		before <- list
	}()
	<-first
	if _, err := c.CreatePropertyGroup(ctx, "tickets", hubspot.PropertyGroupCreate{Name: "new", Label: "New"}); err != nil {
		t.Fatal(err)
	}
	g, err := c.GetPropertyGroup(ctx, "tickets", "new")
	if err != nil || g.Label != "New" {
		t.Fatalf("group after its create = %v, %v", g, err)
	}
	close(releaseFirst)
	if list := <-before; len(list) != 1 {
		t.Fatalf("the read made before the create got %v", list)
	}
	list, err := c.ListPropertyGroups(ctx, "tickets")
	if err != nil || len(list) != 2 {
		t.Fatalf("list after the create = %v, %v; the answer fetched before it must not be kept", list, err)
	}
}

// hangingBackend never answers: it says when a request arrives, and when the request is given up.
func hangingBackend(t *testing.T) (b *backend, entered, stopped chan struct{}) {
	entered, stopped = make(chan struct{}), make(chan struct{})
	b = newBackend(t, func(w http.ResponseWriter, r *http.Request, body map[string]any) {
		close(entered)
		<-r.Context().Done()
		close(stopped)
	})
	return b, entered, stopped
}

func TestAListStopsWhenEveryCallerHasGone(t *testing.T) {
	b, entered, stopped := hangingBackend(t)
	c := newClient(t, b.srv, 0)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { _, err := c.ListOwners(ctx, hubspot.ListOwnersOptions{}); done <- err }()
	<-entered
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	<-stopped // the request was cancelled: nobody waits for its answer
}

func TestAReadBatchStopsWhenEveryCallerHasGone(t *testing.T) {
	b, entered, stopped := hangingBackend(t)
	c := newClient(t, b.srv, 2)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for _, id := range []string{"1", "2"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.GetObject(ctx, "tickets", id, []string{"subject"}); !errors.Is(err, context.Canceled) {
				t.Errorf("read %s: %v", id, err)
			}
		}()
	}
	<-entered
	cancel()
	wg.Wait()
	<-stopped
}

func TestPropertyCreatesAreBatchedAndKeptInTheList(t *testing.T) {
	b := newBackend(t, func(w http.ResponseWriter, r *http.Request, body map[string]any) {
		switch {
		case r.Method == http.MethodGet:
			reply(w, 200, `{"results":[{"name":"subject","label":"Subject","type":"string","fieldType":"text","groupName":"g","hubspotDefined":true}]}`)
		case strings.HasSuffix(r.URL.Path, "/batch/create"):
			var results []any
			var errs []any
			for _, in := range inputs(body) {
				if in["name"] == "taken" {
					errs = append(errs, map[string]any{"status": "error", "category": "OBJECT_ALREADY_EXISTS", "message": "exists", "context": map[string]any{"name": []any{"taken"}}})
					continue
				}
				results = append(results, map[string]any{"name": in["name"], "label": in["label"], "type": "string", "fieldType": "text", "groupName": "g"})
			}
			reply(w, 207, map[string]any{"results": results, "errors": errs})
		}
	})
	c := newClient(t, b.srv, 3)
	ctx := context.Background()
	if _, err := c.ListProperties(ctx, "tickets", hubspot.PropertyQuery{}); err != nil {
		t.Fatal(err)
	}
	names := []string{"tier", "taken", "region"}
	errs := make([]error, 3)
	eachOnItsOwn(3, func(i int) {
		_, errs[i] = c.CreateProperty(ctx, "tickets", hubspot.PropertyCreate{Name: names[i], Label: names[i], Type: "string", FieldType: "text", GroupName: "g"})
	})
	if errs[0] != nil || errs[2] != nil || !hubspot.IsConflict(errs[1]) {
		t.Fatalf("errs = %v", errs)
	}
	for _, n := range []string{"tier", "region"} {
		if _, err := c.GetProperty(ctx, "tickets", n, hubspot.PropertyQuery{}); err != nil {
			t.Errorf("%s: %v", n, err)
		}
	}
	if n := b.count(http.MethodGet, "/crm/v3/properties/tickets"); n != 1 || len(b.requests()) != 2 {
		t.Fatalf("requests = %+v, want one list and one batch create: the created properties join the list", b.requests())
	}
}

func TestAWriteAlreadySentIsWaitedForAfterItsCallerGivesUp(t *testing.T) {
	entered := make(chan struct{})
	release := make(chan struct{})
	b := newBackend(t, func(w http.ResponseWriter, r *http.Request, body map[string]any) {
		close(entered)
		<-release
		reply(w, 201, `{"id":"42","properties":{"subject":"kept"}}`)
	})
	c := newClient(t, b.srv, 1)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	var got *hubspot.Object
	go func() {
		var err error
		got, err = c.CreateObject(ctx, "tickets", hubspot.ObjectInput{Properties: map[string]string{"subject": "kept"}})
		done <- err
	}()
	<-entered
	cancel() // Terraform is interrupted while HubSpot holds the create
	close(release)
	if err := <-done; err != nil || got.ID != "42" {
		t.Fatalf("create = %v, %v; want HubSpot's answer, so that the ticket lands in state", got, err)
	}
}

// A caller on a write context leaves a batch not yet sent when its own context ends, and gets
// the answer of one already sent: interrupting Terraform sends no new write and loses no
// answer.
func TestAWriteContextFollowsItsCallerUntilTheBatchIsSent(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	b := newBackend(t, func(w http.ResponseWriter, r *http.Request, body map[string]any) {
		close(entered)
		<-release
		var results []any
		for _, in := range inputs(body) {
			results = append(results, map[string]any{"id": in["id"], "properties": in["properties"]})
		}
		reply(w, 200, map[string]any{"results": results})
	})
	c := newClient(t, b.srv, 2)
	update := func(ctx context.Context, id string) error {
		_, err := c.UpdateObject(ctx, "tickets", id, map[string]string{"subject": "s"})
		return err
	}
	caller, interrupt := context.WithCancel(context.Background())
	ctx, cancel := hubspot.WriteContext(caller)
	defer cancel()
	left := make(chan error)
	go func() { left <- update(ctx, "7") }()
	interrupt() // the batch waits for two calls and has one
	if err := <-left; !errors.Is(err, context.Canceled) {
		t.Fatalf("unsent: err = %v, want the interruption", err)
	}

	caller, interrupt = context.WithCancel(context.Background())
	ctx, cancel = hubspot.WriteContext(caller)
	defer cancel()
	done := make(chan error, 2)
	go func() { done <- update(ctx, "1") }()
	go func() { done <- update(context.Background(), "2") }()
	<-entered
	interrupt()
	close(release)
	for range 2 {
		if err := <-done; err != nil {
			t.Fatalf("sent: err = %v, want HubSpot's answer", err)
		}
	}
	if reqs := b.requests(); len(reqs) != 1 || len(inputs(reqs[0].body)) != 2 {
		t.Fatalf("requests = %+v, want one batch of the two updates", reqs)
	}
}
