package provider

import (
	"context"
	"errors"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

type rpcKey struct{}

// recordingServer keeps the context of the ReadResource it served, as the framework does.
type recordingServer struct {
	tfprotov6.ProviderServer
	kept   context.Context
	during any
}

func (s *recordingServer) ReadResource(ctx context.Context, _ *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	s.kept = ctx
	s.during = ctx.Value(rpcKey{})
	return &tfprotov6.ReadResourceResponse{}, ctx.Err()
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
	if v := inner.kept.Value(rpcKey{}); v != nil {
		t.Fatalf("after the RPC, the kept context still holds %v", v)
	}
	if !errors.Is(inner.kept.Err(), context.Canceled) {
		t.Fatalf("after the RPC, the kept context's Err = %v", inner.kept.Err())
	}
	select {
	case <-inner.kept.Done():
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

func TestServerHidesOnlyWhatTheProviderDoesNotDefine(t *testing.T) {
	p := New("test")()
	if _, ok := p.(provider.ProviderWithListResources); ok {
		t.Error("the provider defines list resources, which releasingServer does not pass on")
	}
	if _, ok := p.(provider.ProviderWithActions); ok {
		t.Error("the provider defines actions, which releasingServer does not pass on")
	}
	if _, ok := p.(provider.ProviderWithStateStores); ok {
		t.Error("the provider defines state stores, which releasingServer does not pass on")
	}
}
