package provider

import (
	"context"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

type rpcKey struct{}

// recordingServer keeps the context of the RPCs it served, as the framework does. The methods
// it does not define are those of the nil frameworkServer it embeds: calling one panics.
type recordingServer struct {
	frameworkServer
	kept   context.Context
	during any
	// results is what ListResource's stream yields; each result is produced only when
	// terraform-plugin-go asks for it, as the framework's are.
	results int
	// duringStream is the context's value seen while producing each result.
	duringStream []any
}

func (s *recordingServer) ReadResource(ctx context.Context, _ *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	s.kept = ctx
	s.during = ctx.Value(rpcKey{})
	return &tfprotov6.ReadResourceResponse{}, ctx.Err()
}

func (s *recordingServer) ListResource(ctx context.Context, _ *tfprotov6.ListResourceRequest) (*tfprotov6.ListResourceServerStream, error) {
	s.kept = ctx
	return &tfprotov6.ListResourceServerStream{Results: func(push func(tfprotov6.ListResourceResult) bool) {
		for i := 0; i < s.results; i++ {
			s.duringStream = append(s.duringStream, ctx.Value(rpcKey{}))
			if !push(tfprotov6.ListResourceResult{DisplayName: "r"}) {
				return
			}
		}
	}}, nil
}

func TestServerReleasesEachRPCsContextWhenItReturns(t *testing.T) {
	inner := &recordingServer{}
	s := releasingServer{next: inner}
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), rpcKey{}, "loggers"))
	defer cancel()

	if _, err := s.ReadResource(ctx, &tfprotov6.ReadResourceRequest{}); err != nil {
		t.Fatalf("the RPC saw its context as done: %v", err)
	}
	if inner.during != "loggers" {
		t.Fatalf("during the RPC, the context's value = %v", inner.during)
	}
	// The RPC's own context is still live; the one the server kept no longer leads to it.
	if ctx.Err() != nil {
		t.Fatal("the RPC's context was cancelled")
	}
	assertReleased(t, inner.kept)
}

func assertReleased(t *testing.T, kept context.Context) {
	t.Helper()
	if v := kept.Value(rpcKey{}); v != nil {
		t.Fatalf("after the RPC, the kept context still holds %v", v)
	}
	if !errors.Is(kept.Err(), context.Canceled) {
		t.Fatalf("after the RPC, the kept context's Err = %v", kept.Err())
	}
	select {
	case <-kept.Done():
	default:
		t.Fatal("after the RPC, the kept context is not done")
	}
}

func TestServerPassesCancellationOnDuringAnRPC(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	inner := &recordingServer{}
	if _, err := (releasingServer{next: inner}).ReadResource(ctx, &tfprotov6.ReadResourceRequest{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled RPC's context seen inside = %v", err)
	}
}

func TestServerReleasesAStreamingRPCsContextWhenItsStreamEnds(t *testing.T) {
	inner := &recordingServer{results: 3}
	ctx := context.WithValue(context.Background(), rpcKey{}, "loggers")
	stream, err := releasingServer{next: inner}.ListResource(ctx, &tfprotov6.ListResourceRequest{})
	if err != nil {
		t.Fatal(err)
	}
	// The method has returned, but the results are still to be produced, on the RPC's context.
	if v := inner.kept.Value(rpcKey{}); v != "loggers" {
		t.Fatalf("before the stream is read, the context's value = %v", v)
	}
	n := 0
	for range stream.Results {
		n++
	}
	if n != 3 {
		t.Fatalf("the stream yielded %d results, want 3", n)
	}
	for i, v := range inner.duringStream {
		if v != "loggers" {
			t.Errorf("while producing result %d, the context's value = %v", i, v)
		}
	}
	assertReleased(t, inner.kept)
}

func TestServerReleasesAStreamThatIsLeftEarly(t *testing.T) {
	inner := &recordingServer{results: 3}
	ctx := context.WithValue(context.Background(), rpcKey{}, "loggers")
	stream, err := releasingServer{next: inner}.ListResource(ctx, &tfprotov6.ListResourceRequest{})
	if err != nil {
		t.Fatal(err)
	}
	for range stream.Results {
		break // as terraform-plugin-go does when Terraform goes away
	}
	assertReleased(t, inner.kept)
}

// TestServerForwardsEveryProtocolInterface fails when terraform-plugin-go declares an RPC,
// in any of its server interfaces, that releasingServer does not implement: plugin-go serves
// the optional ones only to a server that has them, so a missing one would hide a feature.
func TestServerForwardsEveryProtocolInterface(t *testing.T) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/hashicorp/terraform-plugin-go").Output()
	if err != nil {
		t.Fatalf("finding terraform-plugin-go's source: %v", err)
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "tfprotov6")
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	rpcs := map[string]string{} // method -> interface
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			spec, ok := n.(*ast.TypeSpec)
			if !ok || !strings.HasSuffix(spec.Name.Name, "Server") {
				return true
			}
			if iface, ok := spec.Type.(*ast.InterfaceType); ok {
				for _, m := range iface.Methods.List {
					for _, name := range m.Names {
						rpcs[name.Name] = spec.Name.Name
					}
				}
			}
			return false
		})
	}
	if len(rpcs) < 30 {
		t.Fatalf("found only %d RPCs in %s; the parse missed the interfaces", len(rpcs), dir)
	}
	ours := reflect.TypeFor[releasingServer]()
	var missing []string
	for name, iface := range rpcs {
		if _, ok := ours.MethodByName(name); !ok {
			missing = append(missing, iface+"."+name)
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("releasingServer does not forward %s", m)
	}
}

// TestServerForwardsEveryFrameworkRPC fails when the framework's server has an RPC method that
// releasingServer lacks, whichever interface it comes from.
func TestServerForwardsEveryFrameworkRPC(t *testing.T) {
	s, ok := NewServer("test")().(releasingServer)
	if !ok {
		t.Fatal("NewServer does not return a releasingServer")
	}
	ctxType := reflect.TypeFor[context.Context]()
	framework := reflect.TypeOf(s.next)
	ours := reflect.TypeFor[releasingServer]()
	n := 0
	for i := range framework.NumMethod() {
		m := framework.Method(i)
		if m.Type.NumIn() != 3 || m.Type.In(1) != ctxType || m.Type.NumOut() != 2 {
			continue
		}
		n++
		if got, ok := ours.MethodByName(m.Name); !ok {
			t.Errorf("releasingServer does not forward %s", m.Name)
		} else if got.Type.In(2) != m.Type.In(2) || got.Type.Out(0) != m.Type.Out(0) {
			t.Errorf("releasingServer.%s has type %v, the framework's %v", m.Name, got.Type, m.Type)
		}
	}
	if n < 30 {
		t.Fatalf("found only %d RPC methods on %v", n, framework)
	}
}
