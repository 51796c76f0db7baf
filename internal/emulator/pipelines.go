package emulator

// Ticket pipelines and their stages: /crm/v3/pipelines/{objectType}/... and the 2026-03 and
// 2026-09 aliases (NOTES §1).
//
// Choices where HubSpot's behaviour is not documented:
//
//   - Only ticket pipelines are kept: objectType "tickets", "ticket" or "0-5" (any case).
//     Another known object type answers 400 VALIDATION_ERROR saying the portal keeps ticket
//     pipelines only; an unknown name answers 400 "Unable to infer object type from: NAME".
//   - The list of pipelines and a pipeline's stages leave out archived ones; both are sorted by
//     displayOrder, then label, as the spec says HubSpot's UI sorts them.
//   - Timestamps are ISO-8601 UTC with milliseconds; the default pipeline and its stages were
//     created at the epoch ("1970-01-01T00:00:00.000Z"). A stage write also sets its pipeline's
//     updatedAt. Every stage has writePermissions CRM_PERMISSIONS_ENFORCEMENT.
//   - Labels are compared trimmed and case-insensitively: a blank label answers 400; a stage
//     label used twice in one request body answers 400; a stage label already held by another
//     stage of the pipeline, or a pipeline label already held by another pipeline, answers 409
//     OBJECT_ALREADY_EXISTS. An id chosen with pipelineId or stageId that is already taken
//     (archived objects included; stage ids are unique across pipelines) answers 409 too.
//   - A ticket stage without ticketState metadata gets ticketState OPEN; a ticketState other
//     than OPEN or CLOSED answers 400. Other metadata keys are kept as given. A stage PATCH
//     must carry metadata, as the spec marks it required (400 without it), and merges it into
//     the stage's metadata.
//   - A pipeline PUT keeps the stages its input names by stageId (which must be active stages of
//     that pipeline, else 409), creates those without stageId, and deletes the others.
//   - A pipeline always has at least one stage: creating or replacing with none, or deleting the
//     last stage, answers 400. The default pipeline "0" and the last remaining pipeline cannot
//     be deleted (400).
//   - Deleting a stage or pipeline archives it (archived true, archivedAt set); archived ones
//     answer 404 everywhere except PATCH with {"archived": false}, which restores them. That
//     restore rule also applies to stages; "archived" in any other PATCH answers 400.
//   - validateReferencesBeforeDelete (default false, true under /crm/pipelines/2026-09) makes a
//     stage DELETE, a pipeline DELETE and a pipeline PUT that drops stages count the
//     non-archived tickets whose hs_pipeline_stage (or, for a pipeline, hs_pipeline; a ticket
//     without one is in pipeline "0") uses what would be deleted, and refuse with 400
//     VALIDATION_ERROR, subCategory PipelineError.STAGE_IN_USE or PipelineError.PIPELINE_IN_USE,
//     a message naming the number of tickets and context ticketCount. Without the check, the
//     delete proceeds and the tickets keep their values.
//   - validateDealStageUsagesBeforeDelete is accepted and ignored (it applies to deals).
//   - There is no limit on the number of pipelines (HubSpot's Free tier allows one).
//   - The audit endpoints answer entries derived from the timestamps the portal keeps (CREATE at
//     createdAt, UPDATE at updatedAt when later), newest first, not a full history.

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"
)

var pipelinePrefixes = []string{"/crm/v3/pipelines", "/crm/pipelines/2026-03", "/crm/pipelines/2026-09"}

const (
	pipelineSubCatInUse      = "PipelineError.PIPELINE_IN_USE"
	pipelineSubCatStageInUse = "PipelineError.STAGE_IN_USE"

	pipelineWritePermissions = "CRM_PERMISSIONS_ENFORCEMENT"
	pipelineDefaultID        = "0"
	pipelineTypeID           = "0-5"
	pipelineMetaTicketState  = "ticketState"
)

func (e *Emulator) registerPipelines() {
	const (
		pipelines = "/{objectType}"
		pipeline  = "/{objectType}/{pipelineId}"
		stages    = "/{objectType}/{pipelineId}/stages"
		stage     = "/{objectType}/{pipelineId}/stages/{stageId}"
	)
	e.handle("GET", pipelinePrefixes, pipelines, rateGeneral, e.listPipelines)
	e.handle("POST", pipelinePrefixes, pipelines, rateGeneral, e.createPipeline)
	e.handle("GET", pipelinePrefixes, pipeline, rateGeneral, e.getPipeline)
	e.handle("PUT", pipelinePrefixes, pipeline, rateGeneral, e.replacePipeline)
	e.handle("PATCH", pipelinePrefixes, pipeline, rateGeneral, e.patchPipeline)
	e.handle("DELETE", pipelinePrefixes, pipeline, rateGeneral, e.deletePipeline)
	e.handle("GET", pipelinePrefixes, pipeline+"/audit", rateGeneral, e.pipelineAudit)
	e.handle("GET", pipelinePrefixes, stages, rateGeneral, e.listStages)
	e.handle("POST", pipelinePrefixes, stages, rateGeneral, e.createStage)
	e.handle("GET", pipelinePrefixes, stage, rateGeneral, e.getStage)
	e.handle("PUT", pipelinePrefixes, stage, rateGeneral, e.replaceStage)
	e.handle("PATCH", pipelinePrefixes, stage, rateGeneral, e.patchStage)
	e.handle("DELETE", pipelinePrefixes, stage, rateGeneral, e.deleteStage)
	e.handle("GET", pipelinePrefixes, stage+"/audit", rateGeneral, e.stageAudit)
}

// Wire views: the stored types render timestamps with Go's default precision, HubSpot always
// writes milliseconds.

type pipelineView struct {
	ID           string              `json:"id"`
	Label        string              `json:"label"`
	DisplayOrder int                 `json:"displayOrder"`
	Stages       []pipelineStageView `json:"stages"`
	Archived     bool                `json:"archived"`
	ArchivedAt   string              `json:"archivedAt,omitempty"`
	CreatedAt    string              `json:"createdAt"`
	UpdatedAt    string              `json:"updatedAt"`
}

type pipelineStageView struct {
	ID               string            `json:"id"`
	Label            string            `json:"label"`
	DisplayOrder     int               `json:"displayOrder"`
	Metadata         map[string]string `json:"metadata"`
	Archived         bool              `json:"archived"`
	ArchivedAt       string            `json:"archivedAt,omitempty"`
	CreatedAt        string            `json:"createdAt"`
	UpdatedAt        string            `json:"updatedAt"`
	WritePermissions string            `json:"writePermissions"`
}

func pipelineTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func pipelineTimePtr(t *time.Time) string {
	if t == nil {
		return ""
	}
	return pipelineTime(*t)
}

func viewPipelineStage(s *PipelineStage) pipelineStageView {
	meta := make(map[string]string, len(s.Metadata))
	for k, v := range s.Metadata {
		meta[k] = v
	}
	wp := s.WritePermissions
	if wp == "" {
		wp = pipelineWritePermissions
	}
	return pipelineStageView{
		ID: s.ID, Label: s.Label, DisplayOrder: s.DisplayOrder, Metadata: meta,
		Archived: s.Archived, ArchivedAt: pipelineTimePtr(s.ArchivedAt),
		CreatedAt: pipelineTime(s.CreatedAt), UpdatedAt: pipelineTime(s.UpdatedAt),
		WritePermissions: wp,
	}
}

func viewPipeline(p *Pipeline) pipelineView {
	v := pipelineView{
		ID: p.ID, Label: p.Label, DisplayOrder: p.DisplayOrder, Stages: []pipelineStageView{},
		Archived: p.Archived, ArchivedAt: pipelineTimePtr(p.ArchivedAt),
		CreatedAt: pipelineTime(p.CreatedAt), UpdatedAt: pipelineTime(p.UpdatedAt),
	}
	for _, s := range activePipelineStages(p) {
		v.Stages = append(v.Stages, viewPipelineStage(s))
	}
	return v
}

// activePipelineStages returns the pipeline's non-archived stages in display order.
func activePipelineStages(p *Pipeline) []*PipelineStage {
	var out []*PipelineStage
	for _, s := range p.Stages {
		if !s.Archived {
			out = append(out, s)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.DisplayOrder != b.DisplayOrder {
			return a.DisplayOrder < b.DisplayOrder
		}
		if la, lb := strings.ToLower(a.Label), strings.ToLower(b.Label); la != lb {
			return la < lb
		}
		return a.ID < b.ID
	})
	return out
}

func pipelineLabelKey(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func (e *Emulator) pipelineNow() time.Time { return e.now().UTC().Truncate(time.Millisecond) }

// checkPipelineObjectType resolves the objectType path segment; only tickets have pipelines
// in this portal.
func checkPipelineObjectType(r *http.Request) error {
	name := r.PathValue("objectType")
	t, ok := lookupObjectType(name)
	if !ok {
		return badRequest("Unable to infer object type from: " + name)
	}
	if t.id != pipelineTypeID {
		return badRequest(fmt.Sprintf("Pipelines of object type %s are not kept by this portal; use tickets (0-5)", name))
	}
	return nil
}

// validateReferencesParam reads validateReferencesBeforeDelete, whose default became true with the
// 2026-09 API version.
func validateReferencesParam(r *http.Request) (bool, error) {
	def := strings.HasPrefix(r.URL.Path, "/crm/pipelines/2026-09/")
	if _, err := queryBool(r, "validateDealStageUsagesBeforeDelete", def); err != nil {
		return false, err
	}
	return queryBool(r, "validateReferencesBeforeDelete", def)
}

// activePipeline finds the pipeline named by the path; unknown and archived pipelines are 404.
func (e *Emulator) activePipeline(r *http.Request) (*Pipeline, error) {
	if err := checkPipelineObjectType(r); err != nil {
		return nil, err
	}
	id := r.PathValue("pipelineId")
	p := e.p.Pipelines[id]
	if p == nil || p.Archived {
		return nil, pipelineNotFound(id)
	}
	return p, nil
}

func pipelineNotFound(id string) error {
	return notFound(fmt.Sprintf("Unable to find a pipeline with id %s for object type tickets", id))
}

func pipelineStageNotFound(pipelineID, id string) error {
	return notFound(fmt.Sprintf("Unable to find a stage with id %s in pipeline %s", id, pipelineID))
}

// findPipelineStage returns the stage with the id in p, archived or not.
func findPipelineStage(p *Pipeline, id string) *PipelineStage {
	for _, s := range p.Stages {
		if s.ID == id {
			return s
		}
	}
	return nil
}

func (e *Emulator) pipelineStageIDTaken(id string) bool {
	for _, p := range e.p.Pipelines {
		if findPipelineStage(p, id) != nil {
			return true
		}
	}
	return false
}

// pipelineStageLabelHolder returns the active stage of p other than except that has label.
func pipelineStageLabelHolder(p *Pipeline, label string, except *PipelineStage) *PipelineStage {
	for _, s := range p.Stages {
		if !s.Archived && s != except && pipelineLabelKey(s.Label) == pipelineLabelKey(label) {
			return s
		}
	}
	return nil
}

func (e *Emulator) checkPipelineLabel(label string, except *Pipeline) error {
	if strings.TrimSpace(label) == "" {
		return badRequest("The pipeline label cannot be blank")
	}
	for _, p := range e.p.Pipelines {
		if !p.Archived && p != except && pipelineLabelKey(p.Label) == pipelineLabelKey(label) {
			return &apiError{Status: http.StatusConflict, Category: catAlreadyExists,
				Message: fmt.Sprintf("A pipeline with label %q already exists for object type tickets (id %s)", label, p.ID),
				Context: map[string][]string{"label": {label}, "pipelineId": {p.ID}}}
		}
	}
	return nil
}

func pipelineStageLabelConflict(label string, holder *PipelineStage, pipelineID string) error {
	return &apiError{Status: http.StatusConflict, Category: catAlreadyExists,
		Message: fmt.Sprintf("A stage with label %q already exists in pipeline %s (stage %s); each stage's label must be unique within its pipeline", label, pipelineID, holder.ID),
		Context: map[string][]string{"label": {label}, "stageId": {holder.ID}}}
}

// normalizeStageMetadata validates ticket stage metadata and fills in ticketState.
func normalizeStageMetadata(meta map[string]string, label string) (map[string]string, error) {
	out := make(map[string]string, len(meta)+1)
	for k, v := range meta {
		out[k] = v
	}
	switch st := out[pipelineMetaTicketState]; st {
	case "":
		out[pipelineMetaTicketState] = "OPEN"
	case "OPEN", "CLOSED":
	default:
		return nil, &apiError{Status: http.StatusBadRequest, Category: catValidation,
			Message: fmt.Sprintf("Invalid ticketState %q for stage %q: possible values are OPEN or CLOSED", st, label),
			Context: map[string][]string{"ticketState": {st}}}
	}
	return out, nil
}

// ticketsUsing counts the non-archived tickets in the pipeline, or in one of its stages when
// stageIDs is not empty.
func (e *Emulator) ticketsUsing(pipelineID string, stageIDs map[string]bool) int {
	n := 0
	for _, t := range e.p.Objects[pipelineTypeID] {
		if t.Archived {
			continue
		}
		pid := t.Properties["hs_pipeline"]
		if pid == "" {
			pid = pipelineDefaultID
		}
		if pid != pipelineID {
			continue
		}
		if len(stageIDs) == 0 || stageIDs[t.Properties["hs_pipeline_stage"]] {
			n++
		}
	}
	return n
}

func pluralTickets(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}

func stagesInUseError(pipelineID string, stageIDs []string, n int) error {
	what := "stage " + stageIDs[0]
	if len(stageIDs) > 1 {
		what = "stages " + strings.Join(stageIDs, ", ")
	}
	return &apiError{Status: http.StatusBadRequest, Category: catValidation, SubCategory: pipelineSubCatStageInUse,
		Message: fmt.Sprintf("Cannot delete %s of pipeline %s: %s still in it. Move them to another stage first.",
			what, pipelineID, pluralTickets(n, "ticket is", "tickets are")),
		Context: map[string][]string{"ticketCount": {fmt.Sprint(n)}}}
}

// pipelineStageInput is PipelineStageInput, PipelineStageReplaceInput and PipelineStagePatchInput, with
// pointers so that absent required fields can be told apart.
type pipelineStageInput struct {
	Label        *string           `json:"label"`
	DisplayOrder *int              `json:"displayOrder"`
	Metadata     map[string]string `json:"metadata"`
	StageID      string            `json:"stageId"`
	Archived     *bool             `json:"archived"`
}

func (in *pipelineStageInput) checkRequired(schema string) error {
	return checkRequired(schema, requiredField{"displayOrder", in.DisplayOrder != nil},
		requiredField{"label", in.Label != nil}, requiredField{"metadata", in.Metadata != nil})
}

// pipelineInput is PipelineInput, PipelineReplaceInput and PipelinePatchInput.
type pipelineInput struct {
	Label        *string               `json:"label"`
	DisplayOrder *int                  `json:"displayOrder"`
	Stages       *[]pipelineStageInput `json:"stages"`
	PipelineID   string                `json:"pipelineId"`
	Archived     *bool                 `json:"archived"`
}

// checkStageInputs validates the stage list of a pipeline create or replace.
func checkStageInputs(schema string, stages *[]pipelineStageInput) error {
	if len(*stages) == 0 {
		return badRequest("A pipeline must have at least one stage")
	}
	seen := map[string]bool{}
	for i := range *stages {
		s := &(*stages)[i]
		if err := s.checkRequired("PipelineStageInput"); err != nil {
			return err
		}
		if strings.TrimSpace(*s.Label) == "" {
			return badRequest(fmt.Sprintf("The label of stage %d cannot be blank", i))
		}
		if seen[pipelineLabelKey(*s.Label)] {
			return badRequest(fmt.Sprintf("Invalid %s: the stage label %q is used more than once; each stage's label must be unique within its pipeline", schema, *s.Label))
		}
		seen[pipelineLabelKey(*s.Label)] = true
		if _, err := normalizeStageMetadata(s.Metadata, *s.Label); err != nil {
			return err
		}
	}
	return nil
}

func (in *pipelineInput) checkRequired(schema string) error {
	return checkRequired(schema, requiredField{"displayOrder", in.DisplayOrder != nil},
		requiredField{"label", in.Label != nil}, requiredField{"stages", in.Stages != nil})
}

// decodePipelineInput reads and checks the body of a pipeline create, or of a replace of except.
func (e *Emulator) decodePipelineInput(r *http.Request, schema string, except *Pipeline) (*pipelineInput, error) {
	var in pipelineInput
	if err := decodeBody(r, schema, &in); err != nil {
		return nil, err
	}
	if err := in.checkRequired(schema); err != nil {
		return nil, err
	}
	if err := checkStageInputs(schema, in.Stages); err != nil {
		return nil, err
	}
	if err := e.checkPipelineLabel(*in.Label, except); err != nil {
		return nil, err
	}
	return &in, nil
}

// decodeStageInput reads and checks the body of a stage create in p, or of a replace of except,
// and returns the stage's metadata as it is to be stored.
func decodeStageInput(r *http.Request, schema string, p *Pipeline, except *PipelineStage) (*pipelineStageInput, map[string]string, error) {
	var in pipelineStageInput
	if err := decodeBody(r, schema, &in); err != nil {
		return nil, nil, err
	}
	if err := in.checkRequired(schema); err != nil {
		return nil, nil, err
	}
	if strings.TrimSpace(*in.Label) == "" {
		return nil, nil, badRequest("The stage label cannot be blank")
	}
	meta, err := normalizeStageMetadata(in.Metadata, *in.Label)
	if err != nil {
		return nil, nil, err
	}
	if h := pipelineStageLabelHolder(p, *in.Label, except); h != nil {
		return nil, nil, pipelineStageLabelConflict(*in.Label, h, p.ID)
	}
	return &in, meta, nil
}

func (e *Emulator) newPipelineStage(in *pipelineStageInput, now time.Time) *PipelineStage {
	id := in.StageID
	if id == "" {
		id = e.p.nextID()
	}
	meta, _ := normalizeStageMetadata(in.Metadata, *in.Label)
	return &PipelineStage{
		ID: id, Label: *in.Label, DisplayOrder: *in.DisplayOrder, Metadata: meta,
		CreatedAt: now, UpdatedAt: now, WritePermissions: pipelineWritePermissions,
	}
}

func (e *Emulator) listPipelines(r *http.Request) (int, any, error) {
	if err := checkPipelineObjectType(r); err != nil {
		return 0, nil, err
	}
	var ps []*Pipeline
	for _, p := range e.p.Pipelines {
		if !p.Archived {
			ps = append(ps, p)
		}
	}
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].DisplayOrder != ps[j].DisplayOrder {
			return ps[i].DisplayOrder < ps[j].DisplayOrder
		}
		if a, b := strings.ToLower(ps[i].Label), strings.ToLower(ps[j].Label); a != b {
			return a < b
		}
		return ps[i].ID < ps[j].ID
	})
	out := []pipelineView{}
	for _, p := range ps {
		out = append(out, viewPipeline(p))
	}
	return http.StatusOK, map[string]any{"results": out}, nil
}

func (e *Emulator) createPipeline(r *http.Request) (int, any, error) {
	if err := checkPipelineObjectType(r); err != nil {
		return 0, nil, err
	}
	in, err := e.decodePipelineInput(r, "PipelineInput", nil)
	if err != nil {
		return 0, nil, err
	}
	if in.PipelineID != "" && e.p.Pipelines[in.PipelineID] != nil {
		return 0, nil, conflict(fmt.Sprintf("A pipeline with id %s already exists", in.PipelineID))
	}
	for _, s := range *in.Stages {
		if s.StageID != "" && e.pipelineStageIDTaken(s.StageID) {
			return 0, nil, conflict(fmt.Sprintf("A stage with id %s already exists", s.StageID))
		}
	}
	now := e.pipelineNow()
	id := in.PipelineID
	if id == "" {
		id = e.p.nextID()
	}
	p := &Pipeline{ID: id, Label: *in.Label, DisplayOrder: *in.DisplayOrder, CreatedAt: now, UpdatedAt: now}
	for i := range *in.Stages {
		p.Stages = append(p.Stages, e.newPipelineStage(&(*in.Stages)[i], now))
	}
	e.p.Pipelines[id] = p
	return http.StatusCreated, viewPipeline(p), nil
}

func (e *Emulator) getPipeline(r *http.Request) (int, any, error) {
	p, err := e.activePipeline(r)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, viewPipeline(p), nil
}

func (e *Emulator) replacePipeline(r *http.Request) (int, any, error) {
	p, err := e.activePipeline(r)
	if err != nil {
		return 0, nil, err
	}
	validate, err := validateReferencesParam(r)
	if err != nil {
		return 0, nil, err
	}
	in, err := e.decodePipelineInput(r, "PipelineReplaceInput", p)
	if err != nil {
		return 0, nil, err
	}
	kept := map[string]bool{}
	for _, s := range *in.Stages {
		if s.StageID == "" {
			continue
		}
		if st := findPipelineStage(p, s.StageID); st != nil && !st.Archived {
			kept[s.StageID] = true
		} else if e.pipelineStageIDTaken(s.StageID) {
			return 0, nil, conflict(fmt.Sprintf("A stage with id %s already exists and is not an active stage of pipeline %s", s.StageID, p.ID))
		}
	}
	dropped := map[string]bool{}
	var droppedIDs []string
	for _, s := range activePipelineStages(p) {
		if !kept[s.ID] {
			dropped[s.ID] = true
			droppedIDs = append(droppedIDs, s.ID)
		}
	}
	if validate && len(dropped) > 0 {
		if n := e.ticketsUsing(p.ID, dropped); n > 0 {
			return 0, nil, stagesInUseError(p.ID, droppedIDs, n)
		}
	}
	now := e.pipelineNow()
	for _, s := range p.Stages {
		if dropped[s.ID] {
			s.Archived, s.ArchivedAt, s.UpdatedAt = true, &now, now
		}
	}
	for i := range *in.Stages {
		s := &(*in.Stages)[i]
		if kept[s.StageID] {
			st := findPipelineStage(p, s.StageID)
			st.Label, st.DisplayOrder, st.UpdatedAt = *s.Label, *s.DisplayOrder, now
			st.Metadata, _ = normalizeStageMetadata(s.Metadata, *s.Label)
			continue
		}
		p.Stages = append(p.Stages, e.newPipelineStage(s, now))
	}
	p.Label, p.DisplayOrder, p.UpdatedAt = *in.Label, *in.DisplayOrder, now
	return http.StatusOK, viewPipeline(p), nil
}

func (e *Emulator) patchPipeline(r *http.Request) (int, any, error) {
	if err := checkPipelineObjectType(r); err != nil {
		return 0, nil, err
	}
	if _, err := validateReferencesParam(r); err != nil {
		return 0, nil, err
	}
	var in pipelineInput
	if err := decodeBody(r, "PipelinePatchInput", &in); err != nil {
		return 0, nil, err
	}
	id := r.PathValue("pipelineId")
	p := e.p.Pipelines[id]
	if p == nil {
		return 0, nil, pipelineNotFound(id)
	}
	if p.Archived {
		if in.Archived == nil || *in.Archived {
			return 0, nil, pipelineNotFound(id)
		}
	} else if in.Archived != nil {
		return 0, nil, badRequest("The archived property may only be provided when restoring an archived pipeline")
	}
	label := p.Label
	if in.Label != nil {
		label = *in.Label
	}
	if err := e.checkPipelineLabel(label, p); err != nil {
		return 0, nil, err
	}
	now := e.pipelineNow()
	p.Label = label
	if in.DisplayOrder != nil {
		p.DisplayOrder = *in.DisplayOrder
	}
	if p.Archived {
		p.Archived, p.ArchivedAt = false, nil
	}
	p.UpdatedAt = now
	return http.StatusOK, viewPipeline(p), nil
}

func (e *Emulator) deletePipeline(r *http.Request) (int, any, error) {
	p, err := e.activePipeline(r)
	if err != nil {
		return 0, nil, err
	}
	validate, err := validateReferencesParam(r)
	if err != nil {
		return 0, nil, err
	}
	if p.ID == pipelineDefaultID {
		return 0, nil, badRequest("The default pipeline (id 0) cannot be deleted")
	}
	active := 0
	for _, q := range e.p.Pipelines {
		if !q.Archived {
			active++
		}
	}
	if active <= 1 {
		return 0, nil, badRequest("The last pipeline of an account cannot be deleted; every account has at least one pipeline")
	}
	if validate {
		if n := e.ticketsUsing(p.ID, nil); n > 0 {
			return 0, nil, &apiError{Status: http.StatusBadRequest, Category: catValidation, SubCategory: pipelineSubCatInUse,
				Message: fmt.Sprintf("Cannot delete pipeline %s: %s still in it. Move them to another pipeline first.",
					p.ID, pluralTickets(n, "ticket is", "tickets are")),
				Context: map[string][]string{"ticketCount": {fmt.Sprint(n)}}}
		}
	}
	now := e.pipelineNow()
	p.Archived, p.ArchivedAt, p.UpdatedAt = true, &now, now
	return http.StatusNoContent, nil, nil
}

type pipelineAuditView struct {
	Identifier string `json:"identifier"`
	Action     string `json:"action"`
	PortalID   int    `json:"portalId"`
	Message    string `json:"message,omitempty"`
	Timestamp  string `json:"timestamp"`
}

func (e *Emulator) pipelineAuditLog(kind, id string, created, updated time.Time) map[string]any {
	out := []pipelineAuditView{}
	if updated.After(created) {
		out = append(out, pipelineAuditView{Identifier: fmt.Sprintf("%s-%d", id, updated.UnixMilli()), Action: "UPDATE",
			PortalID: e.p.PortalID, Message: kind + " " + id + " updated", Timestamp: pipelineTime(updated)})
	}
	out = append(out, pipelineAuditView{Identifier: fmt.Sprintf("%s-%d", id, created.UnixMilli()), Action: "CREATE",
		PortalID: e.p.PortalID, Message: kind + " " + id + " created", Timestamp: pipelineTime(created)})
	return map[string]any{"results": out}
}

func (e *Emulator) pipelineAudit(r *http.Request) (int, any, error) {
	p, err := e.activePipeline(r)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, e.pipelineAuditLog("pipeline", p.ID, p.CreatedAt, p.UpdatedAt), nil
}

func (e *Emulator) stageAudit(r *http.Request) (int, any, error) {
	_, s, err := e.activePipelineStage(r)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, e.pipelineAuditLog("stage", s.ID, s.CreatedAt, s.UpdatedAt), nil
}

func (e *Emulator) listStages(r *http.Request) (int, any, error) {
	p, err := e.activePipeline(r)
	if err != nil {
		return 0, nil, err
	}
	out := []pipelineStageView{}
	for _, s := range activePipelineStages(p) {
		out = append(out, viewPipelineStage(s))
	}
	return http.StatusOK, map[string]any{"results": out}, nil
}

func (e *Emulator) activePipelineStage(r *http.Request) (*Pipeline, *PipelineStage, error) {
	p, err := e.activePipeline(r)
	if err != nil {
		return nil, nil, err
	}
	id := r.PathValue("stageId")
	s := findPipelineStage(p, id)
	if s == nil || s.Archived {
		return nil, nil, pipelineStageNotFound(p.ID, id)
	}
	return p, s, nil
}

func (e *Emulator) createStage(r *http.Request) (int, any, error) {
	p, err := e.activePipeline(r)
	if err != nil {
		return 0, nil, err
	}
	in, _, err := decodeStageInput(r, "PipelineStageInput", p, nil)
	if err != nil {
		return 0, nil, err
	}
	if in.StageID != "" && e.pipelineStageIDTaken(in.StageID) {
		return 0, nil, conflict(fmt.Sprintf("A stage with id %s already exists", in.StageID))
	}
	now := e.pipelineNow()
	s := e.newPipelineStage(in, now)
	p.Stages = append(p.Stages, s)
	p.UpdatedAt = now
	return http.StatusCreated, viewPipelineStage(s), nil
}

func (e *Emulator) getStage(r *http.Request) (int, any, error) {
	_, s, err := e.activePipelineStage(r)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, viewPipelineStage(s), nil
}

func (e *Emulator) replaceStage(r *http.Request) (int, any, error) {
	p, s, err := e.activePipelineStage(r)
	if err != nil {
		return 0, nil, err
	}
	in, meta, err := decodeStageInput(r, "PipelineStageReplaceInput", p, s)
	if err != nil {
		return 0, nil, err
	}
	now := e.pipelineNow()
	s.Label, s.DisplayOrder, s.Metadata, s.UpdatedAt = *in.Label, *in.DisplayOrder, meta, now
	p.UpdatedAt = now
	return http.StatusOK, viewPipelineStage(s), nil
}

func (e *Emulator) patchStage(r *http.Request) (int, any, error) {
	p, err := e.activePipeline(r)
	if err != nil {
		return 0, nil, err
	}
	var in pipelineStageInput
	if err := decodeBody(r, "PipelineStagePatchInput", &in); err != nil {
		return 0, nil, err
	}
	if in.Metadata == nil {
		return 0, nil, missingFields("PipelineStagePatchInput", "metadata")
	}
	id := r.PathValue("stageId")
	s := findPipelineStage(p, id)
	if s == nil {
		return 0, nil, pipelineStageNotFound(p.ID, id)
	}
	if s.Archived {
		if in.Archived == nil || *in.Archived {
			return 0, nil, pipelineStageNotFound(p.ID, id)
		}
	} else if in.Archived != nil {
		return 0, nil, badRequest("The archived property may only be provided when restoring an archived stage")
	}
	label := s.Label
	if in.Label != nil {
		label = *in.Label
	}
	if strings.TrimSpace(label) == "" {
		return 0, nil, badRequest("The stage label cannot be blank")
	}
	merged := make(map[string]string, len(s.Metadata)+len(in.Metadata))
	for k, v := range s.Metadata {
		merged[k] = v
	}
	for k, v := range in.Metadata {
		merged[k] = v
	}
	meta, err := normalizeStageMetadata(merged, label)
	if err != nil {
		return 0, nil, err
	}
	if h := pipelineStageLabelHolder(p, label, s); h != nil {
		return 0, nil, pipelineStageLabelConflict(label, h, p.ID)
	}
	now := e.pipelineNow()
	s.Label, s.Metadata, s.UpdatedAt = label, meta, now
	if in.DisplayOrder != nil {
		s.DisplayOrder = *in.DisplayOrder
	}
	if s.Archived {
		s.Archived, s.ArchivedAt = false, nil
	}
	p.UpdatedAt = now
	return http.StatusOK, viewPipelineStage(s), nil
}

func (e *Emulator) deleteStage(r *http.Request) (int, any, error) {
	p, s, err := e.activePipelineStage(r)
	if err != nil {
		return 0, nil, err
	}
	validate, err := queryBool(r, "validateReferencesBeforeDelete", strings.HasPrefix(r.URL.Path, "/crm/pipelines/2026-09/"))
	if err != nil {
		return 0, nil, err
	}
	if len(activePipelineStages(p)) <= 1 {
		return 0, nil, badRequest(fmt.Sprintf("Cannot delete stage %s: it is the last stage of pipeline %s, and a pipeline must have at least one stage", s.ID, p.ID))
	}
	if validate {
		if n := e.ticketsUsing(p.ID, map[string]bool{s.ID: true}); n > 0 {
			return 0, nil, stagesInUseError(p.ID, []string{s.ID}, n)
		}
	}
	now := e.pipelineNow()
	s.Archived, s.ArchivedAt, s.UpdatedAt = true, &now, now
	p.UpdatedAt = now
	return http.StatusNoContent, nil, nil
}
