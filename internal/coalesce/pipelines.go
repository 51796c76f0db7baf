package coalesce

import (
	"context"
	"slices"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

func (c *Client) pipelineList(ctx context.Context, objectType string) ([]hubspot.Pipeline, error) {
	return c.pipelines.of(hubspot.CanonicalObjectType(objectType)).get(ctx, func(ctx context.Context) ([]hubspot.Pipeline, error) {
		return c.api.ListPipelines(ctx, objectType)
	})
}

// ListPipelines serves the list from one request per run until a pipeline or stage write.
func (c *Client) ListPipelines(ctx context.Context, objectType string) ([]hubspot.Pipeline, error) {
	list, err := c.pipelineList(ctx, objectType)
	if err != nil {
		return nil, err
	}
	return cloned(list, hubspot.Pipeline.Clone), nil
}

// listedPipeline returns the pipeline from the list, nil when the list does not hold it (an
// archived entry counts as absent, so that HubSpot gives its own not-found answer).
func (c *Client) listedPipeline(ctx context.Context, objectType, id string) (*hubspot.Pipeline, error) {
	list, err := c.pipelineList(ctx, objectType)
	if err != nil {
		return nil, err
	}
	if i := slices.IndexFunc(list, func(p hubspot.Pipeline) bool { return p.ID == id && !p.Archived }); i >= 0 {
		p := list[i].Clone()
		return &p, nil
	}
	return nil, nil
}

// GetPipeline serves a pipeline from the list; one absent from it is asked for by id, which
// answers not-found for an unknown or archived pipeline and finds one created elsewhere since.
func (c *Client) GetPipeline(ctx context.Context, objectType, id string) (*hubspot.Pipeline, error) {
	if p, err := c.listedPipeline(ctx, objectType, id); err != nil || p != nil {
		return p, err
	}
	return c.api.GetPipeline(ctx, objectType, id)
}

// ListPipelineStages serves a pipeline's stages from the list when it holds the pipeline.
func (c *Client) ListPipelineStages(ctx context.Context, objectType, pipelineID string) ([]hubspot.PipelineStage, error) {
	if p, err := c.listedPipeline(ctx, objectType, pipelineID); err != nil || p != nil {
		if p == nil {
			return nil, err
		}
		return p.Stages, nil
	}
	return c.api.ListPipelineStages(ctx, objectType, pipelineID)
}

// GetPipelineStage serves a stage from the list when it holds it.
func (c *Client) GetPipelineStage(ctx context.Context, objectType, pipelineID, stageID string) (*hubspot.PipelineStage, error) {
	p, err := c.listedPipeline(ctx, objectType, pipelineID)
	if err != nil {
		return nil, err
	}
	if p != nil {
		if i := slices.IndexFunc(p.Stages, func(s hubspot.PipelineStage) bool { return s.ID == stageID && !s.Archived }); i >= 0 {
			return &p.Stages[i], nil
		}
	}
	return c.api.GetPipelineStage(ctx, objectType, pipelineID, stageID)
}

// pipelineWrite sends a pipeline or stage write through the write path.
func pipelineWrite[R any](c *Client, ctx context.Context, objectType string, send func(context.Context) (R, error)) (R, error) {
	return writeOne(c, ctx, &change{what: pipelinesChanged, objectType: objectType}, send)
}

// CreatePipeline is a single create: HubSpot has no batch endpoint for pipelines.
func (c *Client) CreatePipeline(ctx context.Context, objectType string, in hubspot.PipelineInput) (*hubspot.Pipeline, error) {
	return pipelineWrite(c, ctx, objectType, func(ctx context.Context) (*hubspot.Pipeline, error) {
		return c.api.CreatePipeline(ctx, objectType, in)
	})
}

// UpdatePipeline is a single PATCH.
func (c *Client) UpdatePipeline(ctx context.Context, objectType, id string, patch hubspot.PipelinePatch, opts hubspot.DeleteOptions) (*hubspot.Pipeline, error) {
	return pipelineWrite(c, ctx, objectType, func(ctx context.Context) (*hubspot.Pipeline, error) {
		return c.api.UpdatePipeline(ctx, objectType, id, patch, opts)
	})
}

// DeletePipeline is a single DELETE.
func (c *Client) DeletePipeline(ctx context.Context, objectType, id string, opts hubspot.DeleteOptions) error {
	_, err := pipelineWrite(c, ctx, objectType, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, c.api.DeletePipeline(ctx, objectType, id, opts)
	})
	return err
}

// CreatePipelineStage is a single create.
func (c *Client) CreatePipelineStage(ctx context.Context, objectType, pipelineID string, in hubspot.PipelineStageInput) (*hubspot.PipelineStage, error) {
	return pipelineWrite(c, ctx, objectType, func(ctx context.Context) (*hubspot.PipelineStage, error) {
		return c.api.CreatePipelineStage(ctx, objectType, pipelineID, in)
	})
}

// UpdatePipelineStage is a single PATCH.
func (c *Client) UpdatePipelineStage(ctx context.Context, objectType, pipelineID, stageID string, patch hubspot.PipelineStagePatch) (*hubspot.PipelineStage, error) {
	return pipelineWrite(c, ctx, objectType, func(ctx context.Context) (*hubspot.PipelineStage, error) {
		return c.api.UpdatePipelineStage(ctx, objectType, pipelineID, stageID, patch)
	})
}

// DeletePipelineStage is a single DELETE.
func (c *Client) DeletePipelineStage(ctx context.Context, objectType, pipelineID, stageID string, opts hubspot.DeleteOptions) error {
	_, err := pipelineWrite(c, ctx, objectType, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, c.api.DeletePipelineStage(ctx, objectType, pipelineID, stageID, opts)
	})
	return err
}
