package emulator

// Ticket pipelines and their stages: /crm/v3/pipelines/{objectType}/... and the 2026-03 and
// 2026-09 aliases (NOTES §1). Stage routes are in pipeline_stages.go.
//
// Rules enforced (tags as in NOTES.md §0; "choice" where HubSpot documents nothing):
//
//   - displayOrder is an int32 [SPEC format]; a larger number answers 400. Any int32 is
//     accepted, gaps, ties and negatives included: the spec states no range for pipelines and
//     stages, unlike options, groups and properties, where it gives -1 a meaning (choice:
//     HubSpot's answer to a negative stage order is not recorded; a client that never sends
//     one is safe either way). Pipelines and stages are listed by displayOrder, ascending,
//     and "if two ... have a matching displayOrder, they will be sorted alphabetically by
//     label" [SPEC]; choice: alphabetically means ignoring case, then by the exact label, then
//     by id, so the order is total.
//   - Each stage's label is unique within its pipeline [SPEC]; pipeline labels are unique among
//     active pipelines (choice). Labels are compared trimmed and ignoring case (choice): a
//     stage label used twice in one body answers 400, one held by another stage or pipeline 409
//     OBJECT_ALREADY_EXISTS. A blank label answers 400 (choice). An id chosen with pipelineId
//     or stageId that is already taken (archived objects included; stage ids are unique across
//     pipelines [DOCS]) answers 409 (choice). The 36-character pipeline label limit of the
//     legacy v1 docs is not applied: the v3 spec and docs do not state it.
//   - A pipeline always has at least one stage and an account at least one pipeline [DOCS]:
//     creating or replacing with no stage, or deleting the last stage, answers 400; the default
//     pipeline "0" [2nd] and the last remaining pipeline cannot be deleted (400).
//   - A pipeline has at most 100 stages [DOCS, legacy v1: "Pipelines may have up to 100
//     stages"]: more answers 400 API_LIMIT "You have reached your limit of 100 stages per
//     pipeline." (choice: the wording follows the tier caps'). The number of pipelines is
//     capped by the account's tier (tiers.go).
//   - ticketState is OPEN or CLOSED [SPEC]; a stage without it gets OPEN (choice). Other
//     metadata keys are kept as given. A stage PATCH must carry metadata [SPEC marks it
//     required] and merges it into the stage's metadata (choice).
//   - "archived" may be sent in a PATCH only to restore an archived pipeline (else 400)
//     [SPEC]; choice: the same for stages. Deleting archives (archived true, archivedAt set);
//     archived objects answer 404 everywhere but that PATCH [SPEC info].
//   - validateReferencesBeforeDelete (default false, true under /crm/pipelines/2026-09 [DOCS
//     changelog]) makes a stage DELETE, a pipeline DELETE and a pipeline PUT that drops stages
//     count the non-archived tickets whose hs_pipeline_stage (or, for a pipeline, hs_pipeline;
//     a ticket without one is in pipeline "0") uses what would be deleted, and refuse with 400
//     VALIDATION_ERROR, subCategory PipelineError.STAGE_IN_USE or PipelineError.PIPELINE_IN_USE
//     (choice), a message naming the number of tickets and context ticketCount. Without the
//     check, the delete proceeds and the tickets keep their values.
//     validateDealStageUsagesBeforeDelete is accepted and ignored (it applies to deals).
//
// Other choices where HubSpot's behaviour is not documented:
//
//   - Only ticket pipelines are kept: objectType "tickets", "ticket" or "0-5" (any case).
//     Another known object type answers 400 saying the portal keeps ticket pipelines only.
//   - Timestamps are ISO-8601 UTC with milliseconds; the default pipeline and its stages were
//     created at the epoch ("1970-01-01T00:00:00.000Z"). A stage write also sets its pipeline's
//     updatedAt. Every stage has writePermissions CRM_PERMISSIONS_ENFORCEMENT.
//   - A pipeline PUT keeps the stages its input names by stageId (which must be active stages of
//     that pipeline, else 409), creates those without stageId, and deletes the others.
//   - The audit endpoints answer entries derived from the timestamps the portal keeps (CREATE at
//     createdAt, UPDATE at updatedAt when later), newest first, not a full history.

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

var pipelinePrefixes = []string{"/crm/v3/pipelines", "/crm/pipelines/2026-03", "/crm/pipelines/2026-09"}

const (
	pipelineSubCatInUse      = "PipelineError.PIPELINE_IN_USE"
	pipelineSubCatStageInUse = "PipelineError.STAGE_IN_USE"

	pipelineWritePermissions = "CRM_PERMISSIONS_ENFORCEMENT"
	pipelineDefaultID        = "0"
	pipelineMetaTicketState  = "ticketState"
	maxStagesPerPipeline     = 100
)

func (e *Emulator) registerPipelines() {
	const (
		pipelines = "/{objectType}"
		pipeline  = "/{objectType}/{pipelineId}"
		stages    = "/{objectType}/{pipelineId}/stages"
		stage     = "/{objectType}/{pipelineId}/stages/{stageId}"
	)
	h := func(method, suffix string, f handlerFunc) { e.handle(method, pipelinePrefixes, suffix, rateGeneral, f) }
	h("GET", pipelines, e.listPipelines)
	h("POST", pipelines, e.createPipeline)
	h("GET", pipeline, e.getPipeline)
	h("PUT", pipeline, e.replacePipeline)
	h("PATCH", pipeline, e.patchPipeline)
	h("DELETE", pipeline, e.deletePipeline)
	h("GET", pipeline+"/audit", e.pipelineAudit)
	h("GET", stages, e.listStages)
	h("POST", stages, e.createStage)
	h("GET", stage, e.getStage)
	h("PUT", stage, e.replaceStage)
	h("PATCH", stage, e.patchStage)
	h("DELETE", stage, e.deleteStage)
	h("GET", stage+"/audit", e.stageAudit)
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

func timePtr(t *time.Time) string {
	if t == nil {
		return ""
	}
	return hubspotTime(*t)
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
		Archived: s.Archived, ArchivedAt: timePtr(s.ArchivedAt),
		CreatedAt: hubspotTime(s.CreatedAt), UpdatedAt: hubspotTime(s.UpdatedAt),
		WritePermissions: wp,
	}
}

func viewPipeline(p *Pipeline) pipelineView {
	v := pipelineView{
		ID: p.ID, Label: p.Label, DisplayOrder: p.DisplayOrder, Stages: []pipelineStageView{},
		Archived: p.Archived, ArchivedAt: timePtr(p.ArchivedAt),
		CreatedAt: hubspotTime(p.CreatedAt), UpdatedAt: hubspotTime(p.UpdatedAt),
	}
	for _, s := range activePipelineStages(p) {
		v.Stages = append(v.Stages, viewPipelineStage(s))
	}
	return v
}

// displayed is a pipeline or a stage: something listed in display order.
type displayed interface {
	*Pipeline | *PipelineStage
}

// displayKey is what display order sorts by, and whether the item is archived.
func displayKey[T displayed](item T) (order int, label, id string, archived bool) {
	switch v := any(item).(type) {
	case *Pipeline:
		return v.DisplayOrder, v.Label, v.ID, v.Archived
	case *PipelineStage:
		return v.DisplayOrder, v.Label, v.ID, v.Archived
	}
	return 0, "", "", true
}

// inDisplayOrder returns the items that are not archived as HubSpot lists them: by
// displayOrder, then alphabetically by label (ignoring case, then exactly), then by id.
func inDisplayOrder[T displayed](items []T) []T {
	var out []T
	for _, it := range items {
		if _, _, _, archived := displayKey(it); !archived {
			out = append(out, it)
		}
	}
	slices.SortFunc(out, func(a, b T) int {
		oa, la, ia, _ := displayKey(a)
		ob, lb, ib, _ := displayKey(b)
		return cmp.Or(cmp.Compare(oa, ob), strings.Compare(strings.ToLower(la), strings.ToLower(lb)),
			strings.Compare(la, lb), cmp.Compare(len(ia), len(ib)), strings.Compare(ia, ib))
	})
	return out
}

// activePipelineStages returns the pipeline's non-archived stages in display order.
func activePipelineStages(p *Pipeline) []*PipelineStage { return inDisplayOrder(p.Stages) }

// activePipelines returns the non-archived pipelines in display order.
func (p *portal) activePipelines() []*Pipeline {
	all := make([]*Pipeline, 0, len(p.Pipelines))
	for _, pl := range p.Pipelines {
		all = append(all, pl)
	}
	return inDisplayOrder(all)
}

func pipelineLabelKey(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func (e *Emulator) pipelineNow() time.Time { return e.now().UTC().Truncate(time.Millisecond) }

// validateReferencesParam reads validateReferencesBeforeDelete, whose default became true with
// the 2026-09 API version. deals says whether the route also takes
// validateDealStageUsagesBeforeDelete.
func validateReferencesParam(r *http.Request, deals bool) (bool, error) {
	def := strings.HasPrefix(r.URL.Path, "/crm/pipelines/2026-09/")
	if deals {
		if _, err := queryBool(r, "validateDealStageUsagesBeforeDelete", def); err != nil {
			return false, err
		}
	}
	return queryBool(r, "validateReferencesBeforeDelete", def)
}

// activePipeline finds the pipeline named by the path; unknown and archived pipelines are 404.
func (e *Emulator) activePipeline(r *http.Request) (*Pipeline, error) {
	if _, err := pathType(r, "objectType", ticketPipelines); err != nil {
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

// ticketsUsing counts the non-archived tickets in the pipeline, or in one of its stages when
// stageIDs is not empty.
func (e *Emulator) ticketsUsing(pipelineID string, stageIDs map[string]bool) int {
	n := 0
	for _, t := range e.p.Objects[ticketTypeID] {
		if t.Archived {
			continue
		}
		pid := t.Properties["hs_pipeline"]
		if pid == "" {
			pid = pipelineDefaultID
		}
		if pid == pipelineID && (len(stageIDs) == 0 || stageIDs[t.Properties["hs_pipeline_stage"]]) {
			n++
		}
	}
	return n
}

func pluralTickets(n int) string {
	if n == 1 {
		return "1 ticket is"
	}
	return fmt.Sprintf("%d tickets are", n)
}

// inUseError is the refusal of a delete that validateReferencesBeforeDelete finds in use.
func inUseError(subCategory, subject string, n int, move string) error {
	return &apiError{Status: http.StatusBadRequest, Category: catValidation, SubCategory: subCategory,
		Message: fmt.Sprintf("Cannot delete %s: %s still in it. Move them to another %s first.", subject, pluralTickets(n), move),
		Context: map[string][]string{"ticketCount": {fmt.Sprint(n)}}}
}

// pipelineInput is PipelineInput, PipelineReplaceInput and PipelinePatchInput.
type pipelineInput struct {
	Label        *string               `json:"label"`
	DisplayOrder *int32                `json:"displayOrder"`
	Stages       *[]pipelineStageInput `json:"stages"`
	PipelineID   string                `json:"pipelineId"`
	Archived     *bool                 `json:"archived"`
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
	if err := checkStageInputs(schema, *in.Stages); err != nil {
		return nil, err
	}
	if err := e.checkPipelineLabel(*in.Label, except); err != nil {
		return nil, err
	}
	return &in, nil
}

func (e *Emulator) listPipelines(r *http.Request) (int, any, error) {
	if _, err := pathType(r, "objectType", ticketPipelines); err != nil {
		return 0, nil, err
	}
	out := []pipelineView{}
	for _, p := range e.p.activePipelines() {
		out = append(out, viewPipeline(p))
	}
	return http.StatusOK, map[string]any{"results": out}, nil
}

func (e *Emulator) createPipeline(r *http.Request) (int, any, error) {
	if _, err := pathType(r, "objectType", ticketPipelines); err != nil {
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
	if err := e.checkPipelineCap(); err != nil {
		return 0, nil, err
	}
	now := e.pipelineNow()
	id := in.PipelineID
	if id == "" {
		id = e.p.nextID()
	}
	p := &Pipeline{ID: id, Label: *in.Label, DisplayOrder: int(*in.DisplayOrder), record: madeAt(now)}
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

// pipelineToChange finds the pipeline a PUT or DELETE names and reads whether it is to check
// references first.
func (e *Emulator) pipelineToChange(r *http.Request) (*Pipeline, bool, error) {
	p, err := e.activePipeline(r)
	if err != nil {
		return nil, false, err
	}
	validate, err := validateReferencesParam(r, true)
	return p, validate, err
}

func (e *Emulator) replacePipeline(r *http.Request) (int, any, error) {
	p, validate, err := e.pipelineToChange(r)
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
	if n := e.ticketsUsing(p.ID, dropped); validate && len(dropped) > 0 && n > 0 {
		return 0, nil, inUseError(pipelineSubCatStageInUse, stagesNamed(droppedIDs)+" of pipeline "+p.ID, n, "stage")
	}
	now := e.pipelineNow()
	for _, s := range p.Stages {
		if dropped[s.ID] {
			s.archive(now)
		}
	}
	for i := range *in.Stages {
		s := &(*in.Stages)[i]
		if kept[s.StageID] {
			st := findPipelineStage(p, s.StageID)
			st.Label, st.DisplayOrder, st.UpdatedAt = *s.Label, int(*s.DisplayOrder), now
			st.Metadata, _ = normalizeStageMetadata(s.Metadata, *s.Label)
			continue
		}
		p.Stages = append(p.Stages, e.newPipelineStage(s, now))
	}
	p.Label, p.DisplayOrder, p.UpdatedAt = *in.Label, int(*in.DisplayOrder), now
	return http.StatusOK, viewPipeline(p), nil
}

func (e *Emulator) patchPipeline(r *http.Request) (int, any, error) {
	if _, err := pathType(r, "objectType", ticketPipelines); err != nil {
		return 0, nil, err
	}
	if _, err := validateReferencesParam(r, true); err != nil {
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
	if err := checkRestore(p.Archived, in.Archived, pipelineNotFound(id), "pipeline"); err != nil {
		return 0, nil, err
	}
	label := p.Label
	if in.Label != nil {
		label = *in.Label
	}
	if err := e.checkPipelineLabel(label, p); err != nil {
		return 0, nil, err
	}
	if p.Archived {
		if err := e.checkPipelineCap(); err != nil {
			return 0, nil, err
		}
		p.restore()
	}
	p.Label, p.UpdatedAt = label, e.pipelineNow()
	if in.DisplayOrder != nil {
		p.DisplayOrder = int(*in.DisplayOrder)
	}
	return http.StatusOK, viewPipeline(p), nil
}

// checkRestore applies the rule for "archived" in a PATCH: it may only restore an archived
// object; an archived object is otherwise not found.
func checkRestore(archived bool, given *bool, notFound error, what string) error {
	if archived {
		if given == nil || *given {
			return notFound
		}
		return nil
	}
	if given != nil {
		return badRequest(fmt.Sprintf("The archived property may only be provided when restoring an archived %s", what))
	}
	return nil
}

func (e *Emulator) deletePipeline(r *http.Request) (int, any, error) {
	p, validate, err := e.pipelineToChange(r)
	if err != nil {
		return 0, nil, err
	}
	if p.ID == pipelineDefaultID {
		return 0, nil, badRequest("The default pipeline (id 0) cannot be deleted")
	}
	if len(e.p.activePipelines()) <= 1 {
		return 0, nil, badRequest("The last pipeline of an account cannot be deleted; every account has at least one pipeline")
	}
	if n := e.ticketsUsing(p.ID, nil); validate && n > 0 {
		return 0, nil, inUseError(pipelineSubCatInUse, "pipeline "+p.ID, n, "pipeline")
	}
	now := e.pipelineNow()
	p.archive(now)
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
			PortalID: e.p.PortalID, Message: kind + " " + id + " updated", Timestamp: hubspotTime(updated)})
	}
	out = append(out, pipelineAuditView{Identifier: fmt.Sprintf("%s-%d", id, created.UnixMilli()), Action: "CREATE",
		PortalID: e.p.PortalID, Message: kind + " " + id + " created", Timestamp: hubspotTime(created)})
	return map[string]any{"results": out}
}

func (e *Emulator) pipelineAudit(r *http.Request) (int, any, error) {
	p, err := e.activePipeline(r)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, e.pipelineAuditLog("pipeline", p.ID, p.CreatedAt, p.UpdatedAt), nil
}
