package provider

import (
	"context"
	"fmt"
	"iter"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// NewServer returns the protocol 6 server that main serves and the acceptance tests run: the
// framework's, with each RPC's context released once the RPC has returned (for a streaming
// RPC, once its stream has ended).
//
// The framework keeps the context of every RPC until Terraform stops the provider (its
// server registers each one's cancel function, to cancel them all on StopProvider), and with
// it everything the context carries: terraform-plugin-go's loggers and their options, and the
// gRPC stream. A plan of the benchmark's 1,255 resources makes some 4,000 RPCs, whose contexts
// came to most of the provider's memory (scripts/bench, BENCHMARKS.md). The framework gets a
// context of its own per RPC instead, which stands on the RPC's context while the RPC runs
// and on a finished context afterwards, so that what the framework keeps is a few words.
func NewServer(version string) func() tfprotov6.ProviderServer {
	framework := providerserver.NewProtocol6(New(version)())
	return func() tfprotov6.ProviderServer {
		next, ok := framework().(frameworkServer)
		if !ok {
			// Only a framework release that drops an optional interface gets here, and the
			// tests that build the server fail on it first.
			panic(fmt.Sprintf("the framework's server (%T) no longer implements every optional protocol interface", framework()))
		}
		return releasingServer{next: next}
	}
}

// frameworkServer is what the framework's server implements: the protocol's required RPCs
// and the optional ones terraform-plugin-go finds by type assertion (list resources, actions,
// state stores). releasingServer implements all of them, so that it hides nothing the
// framework serves.
type frameworkServer interface {
	tfprotov6.ProviderServer
	tfprotov6.ListResourceServer
	tfprotov6.ActionServer
	tfprotov6.StateStoreServer
}

// rpcContext is the context an RPC hands the framework (see NewServer).
type rpcContext struct {
	on atomic.Pointer[contextRef]
}

type contextRef struct{ context.Context }

// finishedContext is what a released rpcContext stands on: done, with no values.
var finishedContext = func() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}()

func (c *rpcContext) Deadline() (time.Time, bool) { return c.on.Load().Deadline() }
func (c *rpcContext) Done() <-chan struct{}       { return c.on.Load().Done() }
func (c *rpcContext) Err() error                  { return c.on.Load().Err() }
func (c *rpcContext) Value(key any) any           { return c.on.Load().Value(key) }

func newRPCContext(ctx context.Context) *rpcContext {
	c := &rpcContext{}
	c.on.Store(&contextRef{ctx})
	return c
}

func (c *rpcContext) release() { c.on.Store(&contextRef{finishedContext}) }

// served runs one RPC on an rpcContext standing on ctx, and releases it when the RPC returns.
// Work the RPC left running (a batch request other resources still wait for) keeps working;
// it only loses the RPC's loggers.
func served[Req, Resp any](ctx context.Context, req Req, rpc func(context.Context, Req) (Resp, error)) (Resp, error) {
	c := newRPCContext(ctx)
	defer c.release()
	return rpc(c, req)
}

// streamed runs one streaming RPC as served does, but releases its context only when the
// stream has ended: the framework produces a stream's items (a list resource's results) as
// terraform-plugin-go ranges over it, after the method has returned. items points into the
// stream at its iterator.
func streamed[Req, Stream, Item any](ctx context.Context, req Req, rpc func(context.Context, Req) (*Stream, error), items func(*Stream) *iter.Seq[Item]) (*Stream, error) {
	c := newRPCContext(ctx)
	s, err := rpc(c, req)
	if err != nil || s == nil || *items(s) == nil {
		c.release()
		return s, err
	}
	produce := *items(s)
	*items(s) = func(yield func(Item) bool) {
		defer c.release()
		produce(yield)
	}
	return s, nil
}

// releasingServer implements every protocol interface itself rather than embedding the
// framework's server, so that each RPC goes through served or streamed; the compiler names a
// method a newer terraform-plugin-go adds to an interface, and
// TestServerForwardsEveryProtocolInterface one it adds in a new interface.
type releasingServer struct {
	next frameworkServer
}

var _ frameworkServer = releasingServer{}

func (s releasingServer) GetMetadata(ctx context.Context, req *tfprotov6.GetMetadataRequest) (*tfprotov6.GetMetadataResponse, error) {
	return served(ctx, req, s.next.GetMetadata)
}

func (s releasingServer) GetProviderSchema(ctx context.Context, req *tfprotov6.GetProviderSchemaRequest) (*tfprotov6.GetProviderSchemaResponse, error) {
	return served(ctx, req, s.next.GetProviderSchema)
}

func (s releasingServer) GetResourceIdentitySchemas(ctx context.Context, req *tfprotov6.GetResourceIdentitySchemasRequest) (*tfprotov6.GetResourceIdentitySchemasResponse, error) {
	return served(ctx, req, s.next.GetResourceIdentitySchemas)
}

func (s releasingServer) ValidateProviderConfig(ctx context.Context, req *tfprotov6.ValidateProviderConfigRequest) (*tfprotov6.ValidateProviderConfigResponse, error) {
	return served(ctx, req, s.next.ValidateProviderConfig)
}

func (s releasingServer) ConfigureProvider(ctx context.Context, req *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	return served(ctx, req, s.next.ConfigureProvider)
}

// StopProvider cancels the RPCs in flight; it is passed on as it comes.
func (s releasingServer) StopProvider(ctx context.Context, req *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	return s.next.StopProvider(ctx, req)
}

func (s releasingServer) ValidateResourceConfig(ctx context.Context, req *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return served(ctx, req, s.next.ValidateResourceConfig)
}

func (s releasingServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return served(ctx, req, s.next.UpgradeResourceState)
}

func (s releasingServer) UpgradeResourceIdentity(ctx context.Context, req *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return served(ctx, req, s.next.UpgradeResourceIdentity)
}

func (s releasingServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return served(ctx, req, s.next.ReadResource)
}

func (s releasingServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return served(ctx, req, s.next.PlanResourceChange)
}

func (s releasingServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return served(ctx, req, s.next.ApplyResourceChange)
}

func (s releasingServer) ImportResourceState(ctx context.Context, req *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return served(ctx, req, s.next.ImportResourceState)
}

func (s releasingServer) MoveResourceState(ctx context.Context, req *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return served(ctx, req, s.next.MoveResourceState)
}

func (s releasingServer) GenerateResourceConfig(ctx context.Context, req *tfprotov6.GenerateResourceConfigRequest) (*tfprotov6.GenerateResourceConfigResponse, error) {
	return served(ctx, req, s.next.GenerateResourceConfig)
}

func (s releasingServer) ValidateDataResourceConfig(ctx context.Context, req *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return served(ctx, req, s.next.ValidateDataResourceConfig)
}

func (s releasingServer) ReadDataSource(ctx context.Context, req *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return served(ctx, req, s.next.ReadDataSource)
}

func (s releasingServer) CallFunction(ctx context.Context, req *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	return served(ctx, req, s.next.CallFunction)
}

func (s releasingServer) GetFunctions(ctx context.Context, req *tfprotov6.GetFunctionsRequest) (*tfprotov6.GetFunctionsResponse, error) {
	return served(ctx, req, s.next.GetFunctions)
}

func (s releasingServer) ValidateEphemeralResourceConfig(ctx context.Context, req *tfprotov6.ValidateEphemeralResourceConfigRequest) (*tfprotov6.ValidateEphemeralResourceConfigResponse, error) {
	return served(ctx, req, s.next.ValidateEphemeralResourceConfig)
}

func (s releasingServer) OpenEphemeralResource(ctx context.Context, req *tfprotov6.OpenEphemeralResourceRequest) (*tfprotov6.OpenEphemeralResourceResponse, error) {
	return served(ctx, req, s.next.OpenEphemeralResource)
}

func (s releasingServer) RenewEphemeralResource(ctx context.Context, req *tfprotov6.RenewEphemeralResourceRequest) (*tfprotov6.RenewEphemeralResourceResponse, error) {
	return served(ctx, req, s.next.RenewEphemeralResource)
}

func (s releasingServer) CloseEphemeralResource(ctx context.Context, req *tfprotov6.CloseEphemeralResourceRequest) (*tfprotov6.CloseEphemeralResourceResponse, error) {
	return served(ctx, req, s.next.CloseEphemeralResource)
}

func (s releasingServer) ValidateListResourceConfig(ctx context.Context, req *tfprotov6.ValidateListResourceConfigRequest) (*tfprotov6.ValidateListResourceConfigResponse, error) {
	return served(ctx, req, s.next.ValidateListResourceConfig)
}

func (s releasingServer) ListResource(ctx context.Context, req *tfprotov6.ListResourceRequest) (*tfprotov6.ListResourceServerStream, error) {
	return streamed(ctx, req, s.next.ListResource, func(s *tfprotov6.ListResourceServerStream) *iter.Seq[tfprotov6.ListResourceResult] { return &s.Results })
}

func (s releasingServer) ValidateActionConfig(ctx context.Context, req *tfprotov6.ValidateActionConfigRequest) (*tfprotov6.ValidateActionConfigResponse, error) {
	return served(ctx, req, s.next.ValidateActionConfig)
}

func (s releasingServer) PlanAction(ctx context.Context, req *tfprotov6.PlanActionRequest) (*tfprotov6.PlanActionResponse, error) {
	return served(ctx, req, s.next.PlanAction)
}

func (s releasingServer) InvokeAction(ctx context.Context, req *tfprotov6.InvokeActionRequest) (*tfprotov6.InvokeActionServerStream, error) {
	return streamed(ctx, req, s.next.InvokeAction, func(s *tfprotov6.InvokeActionServerStream) *iter.Seq[tfprotov6.InvokeActionEvent] { return &s.Events })
}

func (s releasingServer) ValidateStateStoreConfig(ctx context.Context, req *tfprotov6.ValidateStateStoreConfigRequest) (*tfprotov6.ValidateStateStoreConfigResponse, error) {
	return served(ctx, req, s.next.ValidateStateStoreConfig)
}

func (s releasingServer) ConfigureStateStore(ctx context.Context, req *tfprotov6.ConfigureStateStoreRequest) (*tfprotov6.ConfigureStateStoreResponse, error) {
	return served(ctx, req, s.next.ConfigureStateStore)
}

func (s releasingServer) ReadStateBytes(ctx context.Context, req *tfprotov6.ReadStateBytesRequest) (*tfprotov6.ReadStateBytesStream, error) {
	return streamed(ctx, req, s.next.ReadStateBytes, func(s *tfprotov6.ReadStateBytesStream) *iter.Seq[tfprotov6.ReadStateByteChunk] { return &s.Chunks })
}

// WriteStateBytes consumes Terraform's stream before it returns, so served covers it.
func (s releasingServer) WriteStateBytes(ctx context.Context, req *tfprotov6.WriteStateBytesStream) (*tfprotov6.WriteStateBytesResponse, error) {
	return served(ctx, req, s.next.WriteStateBytes)
}

func (s releasingServer) GetStates(ctx context.Context, req *tfprotov6.GetStatesRequest) (*tfprotov6.GetStatesResponse, error) {
	return served(ctx, req, s.next.GetStates)
}

func (s releasingServer) DeleteState(ctx context.Context, req *tfprotov6.DeleteStateRequest) (*tfprotov6.DeleteStateResponse, error) {
	return served(ctx, req, s.next.DeleteState)
}

func (s releasingServer) LockState(ctx context.Context, req *tfprotov6.LockStateRequest) (*tfprotov6.LockStateResponse, error) {
	return served(ctx, req, s.next.LockState)
}

func (s releasingServer) UnlockState(ctx context.Context, req *tfprotov6.UnlockStateRequest) (*tfprotov6.UnlockStateResponse, error) {
	return served(ctx, req, s.next.UnlockState)
}
