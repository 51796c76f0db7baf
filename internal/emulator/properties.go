package emulator

// Ticket properties and property groups: /crm/v3/properties/{objectType} and its 2026-03
// alias, built from the properties spec and NOTES §2. Groups are in property_groups.go,
// batches in property_batch.go and the definition rules in property_rules.go.
//
// Rules enforced, each answered 400 VALIDATION_ERROR unless said otherwise (tags as in
// NOTES.md §0; "choice" where HubSpot documents nothing):
//
//   - Names match ^[a-z][a-z0-9_]*$ with less than 100 characters [2nd, HubSpot's error text];
//     labels are not blank (choice). type, fieldType, dataSensitivity, numberDisplayHint and
//     textDisplayHint take only the values of the spec's enums [SPEC]: a field that is sent
//     must be a member, so "" is refused too (to go back to the default display, send
//     "unformatted" or "unformatted_single_line"). type and fieldType pair as the properties
//     guide's table says [DOCS], phone_number with phonenumber (choice).
//   - groupName names an active group [DOCS]. Enumerations need at least one option unless
//     externalOptions [SPEC "required for enumerated properties"]; other types take none.
//     externalOptions only on enumerations, with referencedObjectType OWNER [SPEC].
//   - Options: label, value and hidden required, and displayOrder too on the 2026-03 alias
//     [SPEC OptionInput]; values non-empty and unique, labels non-empty (choice); at most 5,000
//     options of at most 3,000 characters [DOCS KB]; a checkbox option's value cannot contain
//     ";" [DOCS: checkbox values are ";"-separated, so such a value could never be set].
//   - displayOrder of properties and options (and groups) is an int32 of at least -1 [SPEC:
//     "-1 will cause the ... to be displayed after any positive values"; choice: smaller
//     values, which the spec gives no meaning, are refused].
//   - calculationFormula is given exactly when fieldType is calculation_equation [DOCS], and
//     every property it names is an active ticket property other than itself (choice: a name
//     is any identifier outside a string literal that is not a keyword, if then elseif else
//     endif and or not true false, and not followed by "(", a function).
//   - numberDisplayHint, showCurrencySymbol true and currencyPropertyName only on numbers,
//     textDisplayHint only on strings (choice); hasUniqueValue only on single-line text and
//     numbers [DOCS]. At most 10 custom properties with hasUniqueValue per object [DOCS]: the
//     11th answers 400 API_LIMIT "You have reached your limit of 10 properties with unique
//     values." (choice: the wording follows the tier caps').
//   - name, hasUniqueValue, externalOptions, referencedObjectType and dataSensitivity cannot
//     change [SPEC: not in PropertyUpdate]: a PATCH that sends them answers 400 saying so, as
//     does "archived" (no restore endpoint exists [SPEC]).
//   - HubSpot-defined properties (hubspotDefined, modificationMetadata archivable false and
//     readOnlyDefinition true) cannot be archived (400, also through batch archive, which then
//     archives nothing) and a PATCH that changes their definition answers 400; only the
//     options of those with readOnlyOptions false may change [SPEC PropertyModificationMetadata].
//   - A calculation property exists only on tiers that have them (tiers.go).
//
// Other choices where HubSpot's behaviour is not documented:
//
//   - Only ticket properties are emulated: another known object type answers 404
//     OBJECT_NOT_FOUND saying so.
//   - Deleting a property or group moves it to the recycle bin (archived, archivedAt set). Its
//     name stays taken: creating a property or group whose name is archived answers 409
//     OBJECT_ALREADY_EXISTS [2nd] with a message that says the name belongs to an archived
//     one. There is no restore or purge endpoint, as in the spec.
//   - Lists and single reads return one data sensitivity level at a time (dataSensitivity,
//     non_sensitive by default), and active or, with archived=true, only archived properties;
//     lists are sorted by name.
//   - Bodies are decoded strictly: a field the schema does not have answers 400 naming it.
//   - An option without displayOrder gets its position. Options are stored and returned in
//     display order (ascending, -1 after the others). A PATCH with options replaces the whole
//     list [SPEC]; option edits never touch the values records hold. A PATCH that makes an
//     enumeration another type drops its options; one that changes a number or a string to
//     another type drops its display settings, unless it sets them.
//   - In a PATCH, an empty string clears calculationFormula and currencyPropertyName.
//   - A calculation property's values are computed, so its modificationMetadata has
//     readOnlyValue true and tickets cannot write it (READ_ONLY_VALUE); calculated stays false,
//     as the spec says it has no effect for custom properties.
//   - Properties created without displayOrder get -1.

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

var propertyPrefixes = []string{"/crm/v3/properties", "/crm/properties/2026-03"}

func (e *Emulator) registerProperties() {
	h := func(method, suffix string, f handlerFunc) { e.handle(method, propertyPrefixes, suffix, rateGeneral, f) }
	h("GET", "/{objectType}", e.listProperties)
	h("POST", "/{objectType}", e.createProperty)
	h("GET", "/{objectType}/{propertyName}", e.getProperty)
	h("PATCH", "/{objectType}/{propertyName}", e.updateProperty)
	h("DELETE", "/{objectType}/{propertyName}", e.archiveProperty)
	h("POST", "/{objectType}/batch/read", e.batchReadProperties)
	h("POST", "/{objectType}/batch/create", e.batchCreateProperties)
	h("POST", "/{objectType}/batch/archive", e.batchArchiveProperties)
	h("GET", "/{objectType}/groups", e.listPropertyGroups)
	h("POST", "/{objectType}/groups", e.createPropertyGroup)
	h("GET", "/{objectType}/groups/{groupName}", e.getPropertyGroup)
	h("PATCH", "/{objectType}/groups/{groupName}", e.updatePropertyGroup)
	h("DELETE", "/{objectType}/groups/{groupName}", e.archivePropertyGroup)
}

// decodePropertyRequest checks the objectType of a properties route and decodes its body
// strictly into v (when v is not nil), returning the raw body.
func decodePropertyRequest(r *http.Request, schema string, v any) ([]byte, error) {
	if _, err := pathType(r, "objectType", ticketProperties); err != nil {
		return nil, err
	}
	if v == nil {
		return nil, nil
	}
	data, err := readBody(r)
	if err != nil {
		return nil, err
	}
	return data, decodeJSON(data, schema, v, true)
}

// decodePropertyPatch is decodePropertyRequest for a PATCH, which first refuses the fields of
// the object that can never change.
func decodePropertyPatch(r *http.Request, schema, what string, immutable []string, v any) error {
	if _, err := pathType(r, "objectType", ticketProperties); err != nil {
		return err
	}
	data, err := readBody(r)
	if err != nil {
		return err
	}
	if err := immutableFieldsError(data, immutable, what, schema); err != nil {
		return err
	}
	return decodeJSON(data, schema, v, true)
}

// propertyDatedFamily reports whether r came through the 2026-03 alias, whose OptionInput
// schema also requires displayOrder.
func propertyDatedFamily(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, propertyPrefixes[1]+"/")
}

// propertyCreateInput is the spec's PropertyCreate: PropertyUpdate's fields and those that
// can never change.
type propertyCreateInput struct {
	propertyUpdateInput
	Name                 *string `json:"name"`
	HasUniqueValue       *bool   `json:"hasUniqueValue"`
	ExternalOptions      *bool   `json:"externalOptions"`
	ReferencedObjectType *string `json:"referencedObjectType"`
	DataSensitivity      *string `json:"dataSensitivity"`
}

// newProperty builds and checks a property to create.
func (e *Emulator) newProperty(in propertyCreateInput, dated bool) (*Property, error) {
	if err := checkRequired("PropertyCreate",
		requiredField{"fieldType", in.FieldType != nil}, requiredField{"groupName", in.GroupName != nil},
		requiredField{"label", in.Label != nil}, requiredField{"name", in.Name != nil}, requiredField{"type", in.Type != nil}); err != nil {
		return nil, err
	}
	if err := checkEnumFields(enumField{"type", in.Type, propertyTypes}, enumField{"fieldType", in.FieldType, propertyFieldTypes},
		enumField{"dataSensitivity", in.DataSensitivity, dataSensitivities}, enumField{"numberDisplayHint", in.NumberDisplayHint, numberDisplayHints},
		enumField{"textDisplayHint", in.TextDisplayHint, textDisplayHints}); err != nil {
		return nil, err
	}
	if err := checkDisplayOrder("Property", in.DisplayOrder); err != nil {
		return nil, err
	}
	if err := checkPropertyName(*in.Name, "Property"); err != nil {
		return nil, err
	}
	if err := e.checkNameFree(*in.Name); err != nil {
		return nil, err
	}
	now := e.now().UTC().Truncate(time.Millisecond)
	order := -1
	if in.DisplayOrder != nil {
		order = int(*in.DisplayOrder)
	}
	d := &Property{
		Name: *in.Name, Label: *in.Label, Type: *in.Type, FieldType: *in.FieldType, GroupName: *in.GroupName,
		Description: propStr(in.Description), Options: []Option{}, DisplayOrder: &order,
		HasUniqueValue: propBool(in.HasUniqueValue), Hidden: propBool(in.Hidden), FormField: propBool(in.FormField),
		CalculationFormula: propStr(in.CalculationFormula), ExternalOptions: propBool(in.ExternalOptions),
		ReferencedObjectType: propStr(in.ReferencedObjectType), DataSensitivity: sensitivityNone,
		CurrencyPropertyName: propStr(in.CurrencyPropertyName), ShowCurrencySymbol: in.ShowCurrencySymbol,
		NumberDisplayHint: propStr(in.NumberDisplayHint), TextDisplayHint: propStr(in.TextDisplayHint),
		ModificationMetadata: &ModificationMetadata{Archivable: true, ReadOnlyValue: *in.FieldType == fieldTypeCalculation},
		CreatedAt:            &now, UpdatedAt: &now,
	}
	if in.DataSensitivity != nil {
		d.DataSensitivity = *in.DataSensitivity
	}
	if in.Options != nil {
		opts, err := optionsFromInput(*in.Options, dated)
		if err != nil {
			return nil, err
		}
		d.Options = opts
	}
	return d, e.checkNewProperty(d)
}

// checkNameFree refuses a name an active or archived property holds.
func (e *Emulator) checkNameFree(name string) error {
	old := e.p.Properties[name]
	switch {
	case old == nil:
		return nil
	case old.Archived:
		return propertyConflict(fmt.Sprintf("A property named %q already exists: it is archived (in the recycle bin). An archived property keeps its name until it is restored or permanently deleted in HubSpot", name), name)
	}
	return propertyConflict(fmt.Sprintf("A property named %q already exists", name), name)
}

// checkNewProperty applies the rules and caps of a property about to be created.
func (e *Emulator) checkNewProperty(d *Property) error {
	if err := e.p.checkProperty(d); err != nil {
		return err
	}
	if d.ExternalOptions && d.ReferencedObjectType != "OWNER" {
		return badRequest(fmt.Sprintf("referencedObjectType %q is not supported: custom properties with externalOptions reference OWNER", d.ReferencedObjectType))
	}
	if err := e.checkCalculationAvailable(d); err != nil {
		return err
	}
	if d.HasUniqueValue && e.p.countUniqueProperties() >= maxUniqueProperties {
		return apiLimit(maxUniqueProperties, "properties with unique values", "maximum unique properties")
	}
	return nil
}

func propertyConflict(msg, name string) *apiError {
	e := conflict(msg)
	e.Context = map[string][]string{"name": {name}}
	return e
}

func (e *Emulator) createProperty(r *http.Request) (int, any, error) {
	var in propertyCreateInput
	if _, err := decodePropertyRequest(r, "PropertyCreate", &in); err != nil {
		return 0, nil, err
	}
	d, err := e.newProperty(in, propertyDatedFamily(r))
	if err != nil {
		return 0, nil, err
	}
	e.p.Properties[d.Name] = d
	return http.StatusCreated, d, nil
}

// propertyReadFilter is the archived and dataSensitivity query of reads.
func propertyReadFilter(r *http.Request) (archived bool, sensitivity string, err error) {
	if archived, err = queryBool(r, "archived", false); err != nil {
		return false, "", err
	}
	sensitivity = r.URL.Query().Get("dataSensitivity")
	if sensitivity == "" {
		return archived, sensitivityNone, nil
	}
	return archived, sensitivity, propOneOf("dataSensitivity", sensitivity, dataSensitivities)
}

func propertyMatches(d *Property, archived bool, sensitivity string) bool {
	level := d.DataSensitivity
	if level == "" {
		level = sensitivityNone
	}
	return d.Archived == archived && level == sensitivity
}

func (e *Emulator) listProperties(r *http.Request) (int, any, error) {
	if _, err := decodePropertyRequest(r, "", nil); err != nil {
		return 0, nil, err
	}
	archived, sensitivity, err := propertyReadFilter(r)
	if err != nil {
		return 0, nil, err
	}
	results := []*Property{}
	for _, name := range sortedKeys(e.p.Properties) {
		if d := e.p.Properties[name]; propertyMatches(d, archived, sensitivity) {
			results = append(results, d)
		}
	}
	return http.StatusOK, map[string]any{"results": results}, nil
}

func propertyNotFound(name string) *apiError {
	return notFound(fmt.Sprintf("Property %q does not exist", name))
}

func (e *Emulator) getProperty(r *http.Request) (int, any, error) {
	if _, err := decodePropertyRequest(r, "", nil); err != nil {
		return 0, nil, err
	}
	archived, sensitivity, err := propertyReadFilter(r)
	if err != nil {
		return 0, nil, err
	}
	name := r.PathValue("propertyName")
	d := e.p.Properties[name]
	if d == nil || !propertyMatches(d, archived, sensitivity) {
		return 0, nil, propertyNotFound(name)
	}
	return http.StatusOK, d, nil
}

func (e *Emulator) activeProperty(name string) (*Property, error) {
	d := e.p.Properties[name]
	if d == nil || d.Archived {
		return nil, propertyNotFound(name)
	}
	return d, nil
}

// propertyUpdateInput is the spec's PropertyUpdate.
type propertyUpdateInput struct {
	Label                *string        `json:"label"`
	Description          *string        `json:"description"`
	GroupName            *string        `json:"groupName"`
	DisplayOrder         *int32         `json:"displayOrder"`
	Hidden               *bool          `json:"hidden"`
	FormField            *bool          `json:"formField"`
	Options              *[]optionInput `json:"options"`
	CalculationFormula   *string        `json:"calculationFormula"`
	Type                 *string        `json:"type"`
	FieldType            *string        `json:"fieldType"`
	CurrencyPropertyName *string        `json:"currencyPropertyName"`
	ShowCurrencySymbol   *bool          `json:"showCurrencySymbol"`
	NumberDisplayHint    *string        `json:"numberDisplayHint"`
	TextDisplayHint      *string        `json:"textDisplayHint"`
}

// immutableFieldsError refuses a PATCH body that sends a field PropertyUpdate does not have
// because it can never change (or, for archived, changes only through DELETE).
func immutableFieldsError(data []byte, fields []string, what, schema string) error {
	// A body that is not an object sends no field; the decoder that follows refuses it.
	var sent map[string]json.RawMessage
	_ = json.Unmarshal(data, &sent)
	for _, f := range fields {
		if _, ok := sent[f]; !ok {
			continue
		}
		if f == "archived" {
			return badRequest(fmt.Sprintf("archived is not part of %s: a %s is archived with DELETE, and the API cannot restore one", schema, what))
		}
		return badRequest(fmt.Sprintf("%s can't be changed once a %s is created; it is not part of %s", f, what, schema))
	}
	return nil
}

func (e *Emulator) updateProperty(r *http.Request) (int, any, error) {
	var in propertyUpdateInput
	immutable := []string{"name", "hasUniqueValue", "externalOptions", "referencedObjectType", "dataSensitivity", "archived"}
	if err := decodePropertyPatch(r, "PropertyUpdate", "property", immutable, &in); err != nil {
		return 0, nil, err
	}
	if err := checkEnumFields(enumField{"type", in.Type, propertyTypes}, enumField{"fieldType", in.FieldType, propertyFieldTypes},
		enumField{"numberDisplayHint", in.NumberDisplayHint, numberDisplayHints}, enumField{"textDisplayHint", in.TextDisplayHint, textDisplayHints}); err != nil {
		return 0, nil, err
	}
	if err := checkDisplayOrder("Property", in.DisplayOrder); err != nil {
		return 0, nil, err
	}
	d, err := e.activeProperty(r.PathValue("propertyName"))
	if err != nil {
		return 0, nil, err
	}
	c, err := patchedProperty(d, &in, propertyDatedFamily(r))
	if err != nil {
		return 0, nil, err
	}
	if err := checkHubSpotDefinedChange(d, c); err != nil {
		return 0, nil, err
	}
	if err := e.p.checkProperty(c); err != nil {
		return 0, nil, err
	}
	if err := e.checkCalculationAvailable(c); err != nil {
		return 0, nil, err
	}
	now := e.now().UTC().Truncate(time.Millisecond)
	c.UpdatedAt = &now
	*d = *c
	return http.StatusOK, d, nil
}

// patchedProperty is d with a PATCH applied.
func patchedProperty(d *Property, in *propertyUpdateInput, dated bool) (*Property, error) {
	c := *d
	c.Options = slices.Clone(d.Options)
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	for _, f := range []struct{ dst, v *string }{
		{&c.Label, in.Label}, {&c.Description, in.Description}, {&c.GroupName, in.GroupName},
		{&c.CalculationFormula, in.CalculationFormula}, {&c.Type, in.Type}, {&c.FieldType, in.FieldType},
		{&c.CurrencyPropertyName, in.CurrencyPropertyName}, {&c.NumberDisplayHint, in.NumberDisplayHint},
		{&c.TextDisplayHint, in.TextDisplayHint},
	} {
		set(f.dst, f.v)
	}
	if in.DisplayOrder != nil {
		order := int(*in.DisplayOrder)
		c.DisplayOrder = &order
	}
	if in.Hidden != nil {
		c.Hidden = *in.Hidden
	}
	if in.FormField != nil {
		c.FormField = *in.FormField
	}
	if in.ShowCurrencySymbol != nil {
		v := *in.ShowCurrencySymbol
		c.ShowCurrencySymbol = &v
	}
	if in.Options != nil {
		opts, err := optionsFromInput(*in.Options, dated)
		if err != nil {
			return nil, err
		}
		c.Options = opts
	} else if c.Type != "enumeration" {
		// A property that stops being an enumeration has no options left to show.
		c.Options = []Option{}
	}
	// Likewise the settings of a type go with it, unless the request sets them anew.
	if c.Type != "number" {
		if in.NumberDisplayHint == nil {
			c.NumberDisplayHint = ""
		}
		if in.ShowCurrencySymbol == nil {
			c.ShowCurrencySymbol = nil
		}
		if in.CurrencyPropertyName == nil {
			c.CurrencyPropertyName = ""
		}
	}
	if c.Type != "string" && in.TextDisplayHint == nil {
		c.TextDisplayHint = ""
	}
	if m := c.ModificationMetadata; m != nil && !d.HubspotDefined {
		meta := *m
		meta.ReadOnlyValue = c.FieldType == fieldTypeCalculation
		c.ModificationMetadata = &meta
	}
	return &c, nil
}

// checkHubSpotDefinedChange refuses a PATCH of a HubSpot-defined property that changes more
// than its metadata lets change.
func checkHubSpotDefinedChange(d, c *Property) error {
	m := d.ModificationMetadata
	if m == nil || !m.ReadOnlyDefinition {
		return nil
	}
	opts := c.Options
	c.Options = d.Options
	changed := !propertyDefinitionEqual(c, d)
	c.Options = opts
	if changed {
		return badRequest(fmt.Sprintf("Property %q is defined by HubSpot: its definition is read-only", d.Name))
	}
	if m.ReadOnlyOptions && !samePropertyOptions(c.Options, d.Options) {
		return badRequest(fmt.Sprintf("The options of HubSpot-defined property %q are read-only", d.Name))
	}
	return nil
}

// propertyDefinitionEqual compares what a PATCH can change, options aside.
func propertyDefinitionEqual(a, b *Property) bool {
	order := func(p *Property) int {
		if p.DisplayOrder == nil {
			return -1
		}
		return *p.DisplayOrder
	}
	sym := func(p *Property) string {
		if p.ShowCurrencySymbol == nil {
			return ""
		}
		return fmt.Sprint(*p.ShowCurrencySymbol)
	}
	return a.Label == b.Label && a.Description == b.Description && a.GroupName == b.GroupName &&
		order(a) == order(b) && a.Hidden == b.Hidden && a.FormField == b.FormField &&
		a.CalculationFormula == b.CalculationFormula && a.Type == b.Type && a.FieldType == b.FieldType &&
		a.CurrencyPropertyName == b.CurrencyPropertyName && sym(a) == sym(b) &&
		a.NumberDisplayHint == b.NumberDisplayHint && a.TextDisplayHint == b.TextDisplayHint
}

func checkPropertyArchivable(d *Property) error {
	if m := d.ModificationMetadata; m != nil && !m.Archivable {
		return badRequest(fmt.Sprintf("Property %q is defined by HubSpot and can't be archived", d.Name))
	}
	return nil
}

func (e *Emulator) archivePropertyNow(d *Property) {
	now := e.now().UTC().Truncate(time.Millisecond)
	d.Archived, d.ArchivedAt = true, &now
}

func (e *Emulator) archiveProperty(r *http.Request) (int, any, error) {
	if _, err := decodePropertyRequest(r, "", nil); err != nil {
		return 0, nil, err
	}
	d, err := e.activeProperty(r.PathValue("propertyName"))
	if err != nil {
		return 0, nil, err
	}
	if err := checkPropertyArchivable(d); err != nil {
		return 0, nil, err
	}
	e.archivePropertyNow(d)
	return http.StatusNoContent, nil, nil
}
