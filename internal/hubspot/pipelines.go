package hubspot

import (
	"context"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Ticket stage states, the values of a ticket stage's ticketState metadata.
const (
	TicketStateOpen   = "OPEN"
	TicketStateClosed = "CLOSED"
)

// MetadataTicketState is the stage metadata key that says whether tickets in a stage are open.
const MetadataTicketState = "ticketState"

// DefaultTicketPipelineID is the id of the Support Pipeline every account starts with.
const DefaultTicketPipelineID = "0"

// Pipeline is a pipeline of an object type with its stages (HubSpot's Pipeline schema).
type Pipeline struct {
	ID           string          `json:"id"`
	Label        string          `json:"label"`
	DisplayOrder int             `json:"displayOrder"`
	Stages       []PipelineStage `json:"stages"`
	Archived     bool            `json:"archived"`
	ArchivedAt   *time.Time      `json:"archivedAt,omitempty"`
	CreatedAt    time.Time       `json:"createdAt"`
	UpdatedAt    time.Time       `json:"updatedAt"`
}

// PipelineStage is one stage of a pipeline (HubSpot's PipelineStage schema). Metadata values
// are strings; ticket stages carry ticketState.
type PipelineStage struct {
	ID               string            `json:"id"`
	Label            string            `json:"label"`
	DisplayOrder     int               `json:"displayOrder"`
	Metadata         map[string]string `json:"metadata"`
	Archived         bool              `json:"archived"`
	ArchivedAt       *time.Time        `json:"archivedAt,omitempty"`
	CreatedAt        time.Time         `json:"createdAt"`
	UpdatedAt        time.Time         `json:"updatedAt"`
	WritePermissions string            `json:"writePermissions,omitempty"`
}

// TicketState is the stage's ticketState metadata, or "" when it has none.
func (s PipelineStage) TicketState() string { return s.Metadata[MetadataTicketState] }

// PipelineInput creates or replaces a pipeline (PipelineInput / PipelineReplaceInput).
// PipelineID chooses the new pipeline's id on create; it is ignored by replace.
type PipelineInput struct {
	PipelineID   string               `json:"pipelineId,omitempty"`
	Label        string               `json:"label"`
	DisplayOrder int                  `json:"displayOrder"`
	Stages       []PipelineStageInput `json:"stages"`
}

// PipelineStageInput creates or replaces a stage (PipelineStageInput /
// PipelineStageReplaceInput). StageID chooses the new stage's id on create, or names the
// existing stage a pipeline replace keeps.
type PipelineStageInput struct {
	StageID      string            `json:"stageId,omitempty"`
	Label        string            `json:"label"`
	DisplayOrder int               `json:"displayOrder"`
	Metadata     map[string]string `json:"metadata"`
}

// PipelinePatch changes some fields of a pipeline (PipelinePatchInput); nil fields are left
// alone. HubSpot accepts Archived only as false, to restore an archived pipeline.
type PipelinePatch struct {
	Label        *string `json:"label,omitempty"`
	DisplayOrder *int    `json:"displayOrder,omitempty"`
	Archived     *bool   `json:"archived,omitempty"`
}

// PipelineStagePatch changes some fields of a stage (PipelineStagePatchInput). HubSpot's spec
// requires metadata on every patch, so it is always sent (as {} when nil).
type PipelineStagePatch struct {
	Label        *string           `json:"label,omitempty"`
	DisplayOrder *int              `json:"displayOrder,omitempty"`
	Archived     *bool             `json:"archived,omitempty"`
	Metadata     map[string]string `json:"metadata"`
}

// DeleteOptions are the reference checks HubSpot runs before a pipeline write deletes
// something. They are always sent explicitly, so that the outcome does not depend on the API
// version's default (false in /crm/v3, true from 2026-09).
type DeleteOptions struct {
	// ValidateReferences makes HubSpot refuse to delete a pipeline or stage that records
	// (tickets) or workflows still use.
	ValidateReferences bool
	// ValidateDealStageUsages is the same check for deal pipelines.
	ValidateDealStageUsages bool
}

func (o DeleteOptions) query(stage bool) url.Values {
	q := url.Values{"validateReferencesBeforeDelete": {strconv.FormatBool(o.ValidateReferences)}}
	if !stage {
		q.Set("validateDealStageUsagesBeforeDelete", strconv.FormatBool(o.ValidateDealStageUsages))
	}
	return q
}

func pipelinesPath(objectType string, segments ...string) string {
	p := "/crm/v3/pipelines/" + pathEscape(objectType)
	for _, s := range segments {
		p += "/" + pathEscape(s)
	}
	return p
}

// pipelineCacheKey names the cached pipeline list of an object type, so that "tickets",
// "ticket" and "0-5" share one list and a write through any of them invalidates it.
func pipelineCacheKey(objectType string) string {
	t := strings.ToLower(objectType)
	switch t {
	case "ticket", TicketObjectType:
		t = TicketObjectTypeID
	case "deal", "deals":
		t = "0-3"
	}
	return "pipelines/" + t
}

func (c *Client) pipelineCache(objectType string) *listCache[[]Pipeline] {
	return cachedList[[]Pipeline](c, pipelineCacheKey(objectType))
}

func copyStage(s PipelineStage) PipelineStage {
	s.Metadata = maps.Clone(s.Metadata)
	return s
}

func copyPipeline(p Pipeline) Pipeline {
	stages := make([]PipelineStage, len(p.Stages))
	for i, s := range p.Stages {
		stages[i] = copyStage(s)
	}
	p.Stages = stages
	return p
}

// ListPipelines returns every (non-archived) pipeline of the object type with its stages. All
// reads of a run share one list request until the next write.
func (c *Client) ListPipelines(ctx context.Context, objectType string) ([]Pipeline, error) {
	list, err := c.pipelineCache(objectType).get(ctx, func(ctx context.Context) ([]Pipeline, error) {
		var out struct {
			Results []Pipeline `json:"results"`
		}
		if err := c.get(ctx, pipelinesPath(objectType), nil, &out); err != nil {
			return nil, err
		}
		return out.Results, nil
	})
	if err != nil {
		return nil, err
	}
	res := make([]Pipeline, len(list))
	for i, p := range list {
		res[i] = copyPipeline(p)
	}
	return res, nil
}

// GetPipeline returns a pipeline by id. It is served from the cached list; a pipeline absent
// from it is asked for by id, which answers a not-found *Error for an unknown or archived
// pipeline and finds one created since the list was fetched.
func (c *Client) GetPipeline(ctx context.Context, objectType, id string) (*Pipeline, error) {
	if p, err := c.cachedPipeline(ctx, objectType, id); err != nil || p != nil {
		return p, err
	}
	var p Pipeline
	if err := c.get(ctx, pipelinesPath(objectType, id), nil, &p); err != nil {
		return nil, err
	}
	return &p, nil
}

func (c *Client) cachedPipeline(ctx context.Context, objectType, id string) (*Pipeline, error) {
	if c.noCoalescing {
		return nil, nil
	}
	list, err := c.ListPipelines(ctx, objectType)
	if err != nil {
		return nil, err
	}
	// An archived entry is treated as absent, so that the request by id gives HubSpot's 404.
	for i := range list {
		if list[i].ID == id && !list[i].Archived {
			return &list[i], nil
		}
	}
	return nil, nil
}

// CreatePipeline creates a pipeline with its stages.
func (c *Client) CreatePipeline(ctx context.Context, objectType string, in PipelineInput) (*Pipeline, error) {
	defer c.pipelineCache(objectType).invalidate()
	var out Pipeline
	err := c.do(ctx, request{method: http.MethodPost, path: pipelinesPath(objectType), body: in, out: &out})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// ReplacePipeline replaces a pipeline's label, display order and whole stage list: stages
// named by StageID are kept, the others are created, and stages left out are deleted.
func (c *Client) ReplacePipeline(ctx context.Context, objectType, id string, in PipelineInput, opts DeleteOptions) (*Pipeline, error) {
	defer c.pipelineCache(objectType).invalidate()
	in.PipelineID = ""
	var out Pipeline
	err := c.do(ctx, request{method: http.MethodPut, path: pipelinesPath(objectType, id), query: opts.query(false), body: in, out: &out, safe: true})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdatePipeline changes a pipeline's label or display order, or restores an archived one.
func (c *Client) UpdatePipeline(ctx context.Context, objectType, id string, patch PipelinePatch, opts DeleteOptions) (*Pipeline, error) {
	defer c.pipelineCache(objectType).invalidate()
	var out Pipeline
	err := c.do(ctx, request{method: http.MethodPatch, path: pipelinesPath(objectType, id), query: opts.query(false), body: patch, out: &out})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// DeletePipeline archives a pipeline. With opts.ValidateReferences HubSpot refuses when records
// still use it.
func (c *Client) DeletePipeline(ctx context.Context, objectType, id string, opts DeleteOptions) error {
	defer c.pipelineCache(objectType).invalidate()
	return c.do(ctx, request{method: http.MethodDelete, path: pipelinesPath(objectType, id), query: opts.query(false), safe: true})
}

// ListPipelineStages returns a pipeline's stages, from the cached pipeline list when it holds
// the pipeline.
func (c *Client) ListPipelineStages(ctx context.Context, objectType, pipelineID string) ([]PipelineStage, error) {
	p, err := c.cachedPipeline(ctx, objectType, pipelineID)
	if err != nil {
		return nil, err
	}
	if p != nil {
		return p.Stages, nil
	}
	var out struct {
		Results []PipelineStage `json:"results"`
	}
	if err := c.get(ctx, pipelinesPath(objectType, pipelineID, "stages"), nil, &out); err != nil {
		return nil, err
	}
	return out.Results, nil
}

// GetPipelineStage returns one stage of a pipeline, from the cached pipeline list when it holds
// the stage, otherwise by asking HubSpot for it by id (a not-found *Error when the pipeline or
// the stage does not exist).
func (c *Client) GetPipelineStage(ctx context.Context, objectType, pipelineID, stageID string) (*PipelineStage, error) {
	p, err := c.cachedPipeline(ctx, objectType, pipelineID)
	if err != nil {
		return nil, err
	}
	if p != nil {
		if i := slices.IndexFunc(p.Stages, func(s PipelineStage) bool { return s.ID == stageID && !s.Archived }); i >= 0 {
			s := p.Stages[i]
			return &s, nil
		}
	}
	var s PipelineStage
	if err := c.get(ctx, pipelinesPath(objectType, pipelineID, "stages", stageID), nil, &s); err != nil {
		return nil, err
	}
	return &s, nil
}

// CreatePipelineStage adds a stage to a pipeline.
func (c *Client) CreatePipelineStage(ctx context.Context, objectType, pipelineID string, in PipelineStageInput) (*PipelineStage, error) {
	defer c.pipelineCache(objectType).invalidate()
	var out PipelineStage
	err := c.do(ctx, request{method: http.MethodPost, path: pipelinesPath(objectType, pipelineID, "stages"), body: in, out: &out})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// ReplacePipelineStage replaces a stage's label, display order and metadata.
func (c *Client) ReplacePipelineStage(ctx context.Context, objectType, pipelineID, stageID string, in PipelineStageInput) (*PipelineStage, error) {
	defer c.pipelineCache(objectType).invalidate()
	in.StageID = ""
	var out PipelineStage
	err := c.do(ctx, request{method: http.MethodPut, path: pipelinesPath(objectType, pipelineID, "stages", stageID), body: in, out: &out, safe: true})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// UpdatePipelineStage changes some fields of a stage.
func (c *Client) UpdatePipelineStage(ctx context.Context, objectType, pipelineID, stageID string, patch PipelineStagePatch) (*PipelineStage, error) {
	defer c.pipelineCache(objectType).invalidate()
	if patch.Metadata == nil {
		patch.Metadata = map[string]string{}
	}
	var out PipelineStage
	err := c.do(ctx, request{method: http.MethodPatch, path: pipelinesPath(objectType, pipelineID, "stages", stageID), body: patch, out: &out})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// DeletePipelineStage deletes a stage. With opts.ValidateReferences HubSpot refuses when
// records still use it.
func (c *Client) DeletePipelineStage(ctx context.Context, objectType, pipelineID, stageID string, opts DeleteOptions) error {
	defer c.pipelineCache(objectType).invalidate()
	return c.do(ctx, request{method: http.MethodDelete, path: pipelinesPath(objectType, pipelineID, "stages", stageID), query: opts.query(true), safe: true})
}
