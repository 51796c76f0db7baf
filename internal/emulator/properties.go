package emulator

// Ticket properties and property groups: /crm/v3/properties/{objectType} and its 2026-03
// alias, built from the properties spec and NOTES §2. Choices where HubSpot documents nothing:
//
//   - objectType accepts the ids and names lookupObjectType knows. Only ticket properties are
//     emulated: another known object type answers 404 OBJECT_NOT_FOUND saying so, an unknown
//     one 400 VALIDATION_ERROR "Unable to infer object type from: <name>".
//   - Deleting a property or group moves it to the recycle bin (archived, archivedAt set). Its
//     name stays taken: creating a property or group whose name is archived answers 409
//     OBJECT_ALREADY_EXISTS with a message that says the name belongs to an archived property,
//     as for an active one. There is no restore or purge endpoint, as in the spec.
//   - Lists and single reads return one data sensitivity level at a time (dataSensitivity,
//     non_sensitive by default), and active or, with archived=true, only archived properties;
//     lists are sorted by name.
//   - Bodies are decoded strictly: a field the schema does not have answers 400 naming it. In a
//     PATCH, the fields HubSpot never lets change (name, hasUniqueValue, externalOptions,
//     referencedObjectType, dataSensitivity, archived) answer 400 saying that they cannot change.
//   - Options are required (label, value, hidden; the 2026-03 alias also requires displayOrder,
//     as its OptionInput schema does). An option without displayOrder gets its position. Options
//     are stored and returned in display order (ascending, -1 after the others). A PATCH with
//     options replaces the whole list; option edits never touch the values records hold. A
//     PATCH that makes an enumeration another type drops its options; one that changes a
//     number or a string to another type drops its display settings, unless it sets them.
//   - In a PATCH, an empty string clears an optional text field (calculationFormula,
//     currencyPropertyName, numberDisplayHint, textDisplayHint).
//   - Validation (400 VALIDATION_ERROR): names match ^[a-z][a-z0-9_]*$ and have less than 100
//     characters; label non-empty; type and fieldType from the spec's enums and paired as the
//     properties guide's table says (phone_number with phonenumber); groupName names an active
//     group; enumerations need at least one option unless externalOptions, other types take
//     none; option values non-empty and unique, labels non-empty, at most 5000 options of at
//     most 3000 characters; calculationFormula exactly when fieldType is calculation_equation;
//     externalOptions only on enumerations and with referencedObjectType OWNER;
//     numberDisplayHint, showCurrencySymbol true and currencyPropertyName only on numbers,
//     textDisplayHint only on strings; hasUniqueValue only on single-line text and numbers.
//   - At most 10 custom properties with hasUniqueValue may be active; the 11th create answers
//     400 VALIDATION_ERROR "... the maximum of 10 properties with unique values ...".
//   - HubSpot-defined properties (hubspotDefined, modificationMetadata archivable false and
//     readOnlyDefinition true) cannot be archived (400, also through batch archive, which then
//     archives nothing) and a PATCH that changes their definition answers 400; only the
//     options of those with readOnlyOptions false may change.
//   - Deleting a group that holds active properties answers 400 VALIDATION_ERROR, subCategory
//     PropertyGroupError.GROUP_WITH_ACTIVE_PROPERTIES, "Can't delete or purge a group with
//     active properties". Groups created without displayOrder get -1, properties too.
//   - Batch read answers 200, or 207 with one OBJECT_NOT_FOUND error naming the missing names
//     in context.names; batch create creates the inputs that pass and answers 201, or 207 with
//     one error per refused input (context.name).

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
	"time"
)

var propertyPrefixes = []string{"/crm/v3/properties", "/crm/properties/2026-03"}

const (
	propertyObjectTypeID  = "0-5"
	sensitivityNone       = "non_sensitive"
	maxUniqueProperties   = 10
	maxPropertyOptions    = 5000
	maxOptionLength       = 3000
	maxPropertyNameLength = 99
	groupActiveProperties = "PropertyGroupError.GROUP_WITH_ACTIVE_PROPERTIES"
)

var (
	propertyNameRE      = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	propertyTypes       = []string{"bool", "date", "datetime", "enumeration", "number", "phone_number", "string"}
	propertyFieldTypes  = []string{"booleancheckbox", "calculation_equation", "checkbox", "date", "file", "html", "number", "phonenumber", "radio", "select", "text", "textarea"}
	dataSensitivities   = []string{"highly_sensitive", "non_sensitive", "sensitive"}
	numberDisplayHints  = []string{"currency", "duration", "formatted", "percentage", "probability", "unformatted"}
	textDisplayHints    = []string{"domain_name", "email", "ip_address", "multi_line", "phone_number", "physical_address", "postal_code", "unformatted_single_line"}
	fieldTypesByType    = map[string][]string{"bool": {"booleancheckbox", "calculation_equation"}, "enumeration": {"booleancheckbox", "checkbox", "radio", "select", "calculation_equation"}, "date": {"date"}, "datetime": {"date"}, "string": {"file", "text", "textarea", "calculation_equation", "html", "phonenumber"}, "number": {"number", "calculation_equation"}, "phone_number": {"phonenumber"}}
	immutablePropFields = []string{"name", "hasUniqueValue", "externalOptions", "referencedObjectType", "dataSensitivity", "archived"}
)

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

// checkPropertyObjectType accepts the object types whose properties the emulator holds.
func checkPropertyObjectType(r *http.Request) error {
	name := r.PathValue("objectType")
	t, ok := lookupObjectType(name)
	if !ok {
		return badRequest("Unable to infer object type from: " + name)
	}
	if t.id != propertyObjectTypeID {
		return notFound(fmt.Sprintf("The emulator holds property definitions for tickets only; %s properties are not emulated", t.plural))
	}
	return nil
}

// decodeStrict decodes a JSON body, refusing fields the schema does not have.
func decodePropertyBody(data []byte, schema string, v any) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return badRequest(fmt.Sprintf("Invalid input JSON: no content to map to %s", schema))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if f, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			return badRequest(fmt.Sprintf("Invalid input JSON: Unrecognized field %s (%s), not marked as ignorable", f, schema))
		}
		return badRequest(fmt.Sprintf("Invalid input JSON: cannot build %s: %s", schema, err.Error()))
	}
	return nil
}

func readPropertyBody(r *http.Request) ([]byte, error) {
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, badRequest("Unable to read request body")
	}
	return data, nil
}

type optionInput struct {
	Label        *string `json:"label"`
	Value        *string `json:"value"`
	Description  *string `json:"description"`
	DisplayOrder *int    `json:"displayOrder"`
	Hidden       *bool   `json:"hidden"`
}

type propertyCreateInput struct {
	Name                 *string        `json:"name"`
	Label                *string        `json:"label"`
	Type                 *string        `json:"type"`
	FieldType            *string        `json:"fieldType"`
	GroupName            *string        `json:"groupName"`
	Description          *string        `json:"description"`
	DisplayOrder         *int           `json:"displayOrder"`
	HasUniqueValue       *bool          `json:"hasUniqueValue"`
	Hidden               *bool          `json:"hidden"`
	FormField            *bool          `json:"formField"`
	Options              *[]optionInput `json:"options"`
	CalculationFormula   *string        `json:"calculationFormula"`
	ExternalOptions      *bool          `json:"externalOptions"`
	ReferencedObjectType *string        `json:"referencedObjectType"`
	DataSensitivity      *string        `json:"dataSensitivity"`
	CurrencyPropertyName *string        `json:"currencyPropertyName"`
	ShowCurrencySymbol   *bool          `json:"showCurrencySymbol"`
	NumberDisplayHint    *string        `json:"numberDisplayHint"`
	TextDisplayHint      *string        `json:"textDisplayHint"`
}

type propertyUpdateInput struct {
	Label                *string        `json:"label"`
	Description          *string        `json:"description"`
	GroupName            *string        `json:"groupName"`
	DisplayOrder         *int           `json:"displayOrder"`
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

func propStr(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func propBool(p *bool) bool { return p != nil && *p }

// datedFamily reports whether r came through the 2026-03 alias, whose OptionInput schema also
// requires displayOrder.
func propertyDatedFamily(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, propertyPrefixes[1]+"/")
}

// options turns option inputs into stored options in display order.
func optionsFromInput(in []optionInput, dated bool) ([]Option, error) {
	out := make([]Option, 0, len(in))
	for i, o := range in {
		if err := checkRequired("OptionInput",
			requiredField{"displayOrder", !dated || o.DisplayOrder != nil}, requiredField{"hidden", o.Hidden != nil},
			requiredField{"label", o.Label != nil}, requiredField{"value", o.Value != nil}); err != nil {
			return nil, err
		}
		order := i
		if o.DisplayOrder != nil {
			order = *o.DisplayOrder
		}
		out = append(out, Option{Label: *o.Label, Value: *o.Value, Description: propStr(o.Description), DisplayOrder: &order, Hidden: *o.Hidden})
	}
	sortPropertyOptions(out)
	return out, nil
}

func propertyOptionOrder(o Option) int {
	if o.DisplayOrder == nil {
		return -1
	}
	return *o.DisplayOrder
}

// sortOptions puts options in display order: ascending, negative orders after the others.
func sortPropertyOptions(opts []Option) {
	sort.SliceStable(opts, func(i, j int) bool {
		a, b := propertyOptionOrder(opts[i]), propertyOptionOrder(opts[j])
		if (a < 0) != (b < 0) {
			return b < 0
		}
		return a < b
	})
}

func samePropertyOptions(a, b []Option) bool {
	return slices.EqualFunc(a, b, func(x, y Option) bool {
		return x.Label == y.Label && x.Value == y.Value && x.Description == y.Description && x.Hidden == y.Hidden && propertyOptionOrder(x) == propertyOptionOrder(y)
	})
}

func propOneOf(field, v string, allowed []string) error {
	if slices.Contains(allowed, v) {
		return nil
	}
	return badRequest(fmt.Sprintf("%q is not a valid %s. Allowed values: %s", v, field, strings.Join(allowed, ", ")))
}

func checkPropertyName(name string) error {
	if !propertyNameRE.MatchString(name) || len(name) > maxPropertyNameLength {
		return badRequest(fmt.Sprintf("Property name %q is invalid: names for properties should be lowercase and have less than 100 characters, start with a letter and contain only letters, digits and underscores", name))
	}
	return nil
}

// checkProperty validates a whole definition as it would be stored after a create or PATCH.
func (p *portal) checkProperty(d *Property) error {
	if err := checkPropertyName(d.Name); err != nil {
		return err
	}
	if strings.TrimSpace(d.Label) == "" {
		return badRequest("label must not be empty")
	}
	if err := propOneOf("type", d.Type, propertyTypes); err != nil {
		return err
	}
	if err := propOneOf("fieldType", d.FieldType, propertyFieldTypes); err != nil {
		return err
	}
	if !slices.Contains(fieldTypesByType[d.Type], d.FieldType) {
		return badRequest(fmt.Sprintf("fieldType %q is not valid for a property of type %q; valid field types are: %s", d.FieldType, d.Type, strings.Join(fieldTypesByType[d.Type], ", ")))
	}
	if g := p.Groups[d.GroupName]; g == nil || g.Archived {
		return badRequest(fmt.Sprintf("Property group %q does not exist", d.GroupName))
	}
	if err := propOneOf("dataSensitivity", d.DataSensitivity, dataSensitivities); err != nil {
		return err
	}
	switch {
	case d.Type != "enumeration" && d.ExternalOptions:
		return badRequest("externalOptions is only applicable to enumeration properties")
	case d.Type != "enumeration" && len(d.Options) > 0:
		return badRequest(fmt.Sprintf("options are only valid for enumeration properties, not for type %q", d.Type))
	case d.Type == "enumeration" && d.ExternalOptions && len(d.Options) > 0:
		return badRequest("a property with externalOptions takes its options from referencedObjectType; options must be empty")
	case d.Type == "enumeration" && !d.ExternalOptions && len(d.Options) == 0:
		return badRequest("options are required for enumeration properties")
	case d.ExternalOptions && d.ReferencedObjectType == "":
		return badRequest("referencedObjectType is required when externalOptions is true")
	case !d.ExternalOptions && d.ReferencedObjectType != "":
		return badRequest("referencedObjectType is only applicable when externalOptions is true")
	}
	if len(d.Options) > maxPropertyOptions {
		return badRequest(fmt.Sprintf("a property can have at most %d options, got %d", maxPropertyOptions, len(d.Options)))
	}
	seen := map[string]bool{}
	for _, o := range d.Options {
		switch {
		case o.Value == "":
			return badRequest("option values must not be empty")
		case strings.TrimSpace(o.Label) == "":
			return badRequest(fmt.Sprintf("the label of option %q must not be empty", o.Value))
		case len(o.Value) > maxOptionLength || len(o.Label) > maxOptionLength:
			return badRequest(fmt.Sprintf("option %q is longer than %d characters", o.Value, maxOptionLength))
		case seen[o.Value]:
			return badRequest(fmt.Sprintf("option value %q appears more than once; option values must be unique", o.Value))
		}
		seen[o.Value] = true
	}
	if d.FieldType == "calculation_equation" && d.CalculationFormula == "" {
		return badRequest("calculationFormula is required when fieldType is calculation_equation")
	}
	if d.FieldType != "calculation_equation" && d.CalculationFormula != "" {
		return badRequest("calculationFormula is only valid when fieldType is calculation_equation")
	}
	if d.Type == "number" {
		if d.NumberDisplayHint != "" {
			if err := propOneOf("numberDisplayHint", d.NumberDisplayHint, numberDisplayHints); err != nil {
				return err
			}
		}
	} else if d.NumberDisplayHint != "" || (d.ShowCurrencySymbol != nil && *d.ShowCurrencySymbol) || d.CurrencyPropertyName != "" {
		return badRequest("numberDisplayHint, showCurrencySymbol and currencyPropertyName are only valid for number properties")
	}
	if d.Type == "string" {
		if d.TextDisplayHint != "" {
			if err := propOneOf("textDisplayHint", d.TextDisplayHint, textDisplayHints); err != nil {
				return err
			}
		}
	} else if d.TextDisplayHint != "" {
		return badRequest("textDisplayHint is only valid for string properties")
	}
	if d.HasUniqueValue && !(d.Type == "string" && d.FieldType == "text") && !(d.Type == "number" && d.FieldType == "number") {
		return badRequest("hasUniqueValue is only available for single-line text (string/text) and number (number/number) properties")
	}
	return nil
}

// newProperty builds and checks a property to create.
func (e *Emulator) newProperty(in propertyCreateInput, dated bool) (*Property, error) {
	if err := checkRequired("PropertyCreate",
		requiredField{"fieldType", in.FieldType != nil}, requiredField{"groupName", in.GroupName != nil},
		requiredField{"label", in.Label != nil}, requiredField{"name", in.Name != nil}, requiredField{"type", in.Type != nil}); err != nil {
		return nil, err
	}
	if err := checkPropertyName(*in.Name); err != nil {
		return nil, err
	}
	if old := e.p.Properties[*in.Name]; old != nil {
		if old.Archived {
			return nil, propertyConflict(fmt.Sprintf("A property named %q already exists: it is archived (in the recycle bin). An archived property keeps its name until it is restored or permanently deleted in HubSpot", *in.Name), *in.Name)
		}
		return nil, propertyConflict(fmt.Sprintf("A property named %q already exists", *in.Name), *in.Name)
	}
	now := e.now().UTC().Truncate(time.Millisecond)
	order := -1
	if in.DisplayOrder != nil {
		order = *in.DisplayOrder
	}
	d := &Property{
		Name: *in.Name, Label: *in.Label, Type: *in.Type, FieldType: *in.FieldType, GroupName: *in.GroupName,
		Description: propStr(in.Description), Options: []Option{}, DisplayOrder: &order,
		HasUniqueValue: propBool(in.HasUniqueValue), Hidden: propBool(in.Hidden), FormField: propBool(in.FormField),
		CalculationFormula: propStr(in.CalculationFormula), ExternalOptions: propBool(in.ExternalOptions),
		ReferencedObjectType: propStr(in.ReferencedObjectType), DataSensitivity: sensitivityNone,
		CurrencyPropertyName: propStr(in.CurrencyPropertyName), ShowCurrencySymbol: in.ShowCurrencySymbol,
		NumberDisplayHint: propStr(in.NumberDisplayHint), TextDisplayHint: propStr(in.TextDisplayHint),
		ModificationMetadata: &ModificationMetadata{Archivable: true},
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
	if err := e.p.checkProperty(d); err != nil {
		return nil, err
	}
	if d.ExternalOptions && d.ReferencedObjectType != "OWNER" {
		return nil, badRequest(fmt.Sprintf("referencedObjectType %q is not supported: custom properties with externalOptions reference OWNER", d.ReferencedObjectType))
	}
	if d.HasUniqueValue {
		n := 0
		for _, q := range e.p.Properties {
			if q.HasUniqueValue && !q.Archived && !q.HubspotDefined {
				n++
			}
		}
		if n >= maxUniqueProperties {
			return nil, badRequest(fmt.Sprintf("Unable to create property %q: tickets already have the maximum of %d properties with unique values", d.Name, maxUniqueProperties))
		}
	}
	return d, nil
}

func propertyConflict(msg, name string) *apiError {
	e := conflict(msg)
	e.Context = map[string][]string{"name": {name}}
	return e
}

func (e *Emulator) createProperty(r *http.Request) (int, any, error) {
	if err := checkPropertyObjectType(r); err != nil {
		return 0, nil, err
	}
	data, err := readPropertyBody(r)
	if err != nil {
		return 0, nil, err
	}
	var in propertyCreateInput
	if err := decodePropertyBody(data, "PropertyCreate", &in); err != nil {
		return 0, nil, err
	}
	d, err := e.newProperty(in, propertyDatedFamily(r))
	if err != nil {
		return 0, nil, err
	}
	e.p.Properties[d.Name] = d
	return http.StatusCreated, d, nil
}

// readFilter is the archived and dataSensitivity query of reads.
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
	if err := checkPropertyObjectType(r); err != nil {
		return 0, nil, err
	}
	archived, sensitivity, err := propertyReadFilter(r)
	if err != nil {
		return 0, nil, err
	}
	results := []*Property{}
	for _, name := range sortedPropertyKeys(e.p.Properties) {
		if d := e.p.Properties[name]; propertyMatches(d, archived, sensitivity) {
			results = append(results, d)
		}
	}
	return http.StatusOK, map[string]any{"results": results}, nil
}

func sortedPropertyKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func propertyNotFound(name string) *apiError {
	return notFound(fmt.Sprintf("Property %q does not exist", name))
}

func (e *Emulator) getProperty(r *http.Request) (int, any, error) {
	if err := checkPropertyObjectType(r); err != nil {
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

func (e *Emulator) updateProperty(r *http.Request) (int, any, error) {
	if err := checkPropertyObjectType(r); err != nil {
		return 0, nil, err
	}
	data, err := readPropertyBody(r)
	if err != nil {
		return 0, nil, err
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(data, &fields) == nil {
		for _, f := range immutablePropFields {
			if _, ok := fields[f]; !ok {
				continue
			}
			if f == "archived" {
				return 0, nil, badRequest("archived is not part of PropertyUpdate: a property is archived with DELETE, and the API cannot restore one")
			}
			return 0, nil, badRequest(fmt.Sprintf("%s can't be changed once a property is created; it is not part of PropertyUpdate", f))
		}
	}
	var in propertyUpdateInput
	if err := decodePropertyBody(data, "PropertyUpdate", &in); err != nil {
		return 0, nil, err
	}
	d, err := e.activeProperty(r.PathValue("propertyName"))
	if err != nil {
		return 0, nil, err
	}
	c := *d
	c.Options = slices.Clone(d.Options)
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&c.Label, in.Label)
	set(&c.Description, in.Description)
	set(&c.GroupName, in.GroupName)
	set(&c.CalculationFormula, in.CalculationFormula)
	set(&c.Type, in.Type)
	set(&c.FieldType, in.FieldType)
	set(&c.CurrencyPropertyName, in.CurrencyPropertyName)
	set(&c.NumberDisplayHint, in.NumberDisplayHint)
	set(&c.TextDisplayHint, in.TextDisplayHint)
	if in.DisplayOrder != nil {
		order := *in.DisplayOrder
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
		opts, err := optionsFromInput(*in.Options, propertyDatedFamily(r))
		if err != nil {
			return 0, nil, err
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
	if m := d.ModificationMetadata; m != nil && m.ReadOnlyDefinition {
		opts := c.Options
		c.Options = d.Options
		changed := !propertyDefinitionEqual(&c, d)
		c.Options = opts
		if changed {
			return 0, nil, badRequest(fmt.Sprintf("Property %q is defined by HubSpot: its definition is read-only", d.Name))
		}
		if m.ReadOnlyOptions && !samePropertyOptions(c.Options, d.Options) {
			return 0, nil, badRequest(fmt.Sprintf("The options of HubSpot-defined property %q are read-only", d.Name))
		}
	}
	if err := e.p.checkProperty(&c); err != nil {
		return 0, nil, err
	}
	now := e.now().UTC().Truncate(time.Millisecond)
	c.UpdatedAt = &now
	*d = c
	return http.StatusOK, d, nil
}

// definitionEqual compares what a PATCH can change, options aside.
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
	if err := checkPropertyObjectType(r); err != nil {
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

type propertyNameInput struct {
	Name *string `json:"name"`
}

func propertyInputNames(in []propertyNameInput) ([]string, error) {
	names := make([]string, len(in))
	for i, n := range in {
		if n.Name == nil {
			return nil, missingFields("PropertyName", "name")
		}
		names[i] = *n.Name
	}
	return names, nil
}

// propertyBatch is the spec's BatchResponseProperty, or ...WithErrors when errs is not empty.
func propertyBatch(ok int, started, completed time.Time, results []*Property, errs []standardError) (int, any) {
	body := map[string]any{
		"status": "COMPLETE", "results": results,
		"startedAt": started.Format(time.RFC3339Nano), "completedAt": completed.Format(time.RFC3339Nano),
	}
	if len(errs) == 0 {
		return ok, body
	}
	body["numErrors"] = len(errs)
	body["errors"] = errs
	return http.StatusMultiStatus, body
}

func (e *Emulator) batchReadProperties(r *http.Request) (int, any, error) {
	if err := checkPropertyObjectType(r); err != nil {
		return 0, nil, err
	}
	started := e.now().UTC()
	data, err := readPropertyBody(r)
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		Inputs          *[]propertyNameInput `json:"inputs"`
		Archived        *bool                `json:"archived"`
		DataSensitivity *string              `json:"dataSensitivity"`
	}
	if err := decodePropertyBody(data, "BatchReadInputPropertyName", &in); err != nil {
		return 0, nil, err
	}
	if err := checkRequired("BatchReadInputPropertyName",
		requiredField{"archived", in.Archived != nil}, requiredField{"dataSensitivity", in.DataSensitivity != nil},
		requiredField{"inputs", in.Inputs != nil}); err != nil {
		return 0, nil, err
	}
	if err := propOneOf("dataSensitivity", *in.DataSensitivity, dataSensitivities); err != nil {
		return 0, nil, err
	}
	names, err := propertyInputNames(*in.Inputs)
	if err != nil {
		return 0, nil, err
	}
	results := []*Property{}
	var absent []string
	for _, n := range names {
		if d := e.p.Properties[n]; d != nil && propertyMatches(d, *in.Archived, *in.DataSensitivity) {
			results = append(results, d)
		} else {
			absent = append(absent, n)
		}
	}
	var errs []standardError
	if len(absent) > 0 {
		errs = append(errs, standardError{
			Status: "error", Category: catNotFound,
			Message: "Could not find properties: " + strings.Join(absent, ", "),
			Context: map[string][]string{"names": absent}, Errors: []errorDetail{}, Links: map[string]string{},
		})
	}
	status, body := propertyBatch(http.StatusOK, started, e.now().UTC(), results, errs)
	return status, body, nil
}

func (e *Emulator) batchCreateProperties(r *http.Request) (int, any, error) {
	if err := checkPropertyObjectType(r); err != nil {
		return 0, nil, err
	}
	started := e.now().UTC()
	data, err := readPropertyBody(r)
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		Inputs *[]propertyCreateInput `json:"inputs"`
	}
	if err := decodePropertyBody(data, "BatchInputPropertyCreate", &in); err != nil {
		return 0, nil, err
	}
	if in.Inputs == nil {
		return 0, nil, missingFields("BatchInputPropertyCreate", "inputs")
	}
	results := []*Property{}
	var errs []standardError
	for _, pin := range *in.Inputs {
		d, err := e.newProperty(pin, propertyDatedFamily(r))
		if err != nil {
			var ae *apiError
			if !errors.As(err, &ae) {
				return 0, nil, err
			}
			errs = append(errs, standardError{
				Status: "error", Category: ae.Category, SubCategory: ae.SubCategory, Message: ae.Message,
				Context: map[string][]string{"name": {propStr(pin.Name)}}, Errors: []errorDetail{}, Links: map[string]string{},
			})
			continue
		}
		e.p.Properties[d.Name] = d
		results = append(results, d)
	}
	status, body := propertyBatch(http.StatusCreated, started, e.now().UTC(), results, errs)
	return status, body, nil
}

func (e *Emulator) batchArchiveProperties(r *http.Request) (int, any, error) {
	if err := checkPropertyObjectType(r); err != nil {
		return 0, nil, err
	}
	data, err := readPropertyBody(r)
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		Inputs *[]propertyNameInput `json:"inputs"`
	}
	if err := decodePropertyBody(data, "BatchInputPropertyName", &in); err != nil {
		return 0, nil, err
	}
	if in.Inputs == nil {
		return 0, nil, missingFields("BatchInputPropertyName", "inputs")
	}
	names, err := propertyInputNames(*in.Inputs)
	if err != nil {
		return 0, nil, err
	}
	// Refuse the whole batch before archiving any, so that a refusal changes nothing.
	var targets []*Property
	for _, n := range names {
		d := e.p.Properties[n]
		if d == nil || d.Archived {
			continue
		}
		if err := checkPropertyArchivable(d); err != nil {
			return 0, nil, err
		}
		targets = append(targets, d)
	}
	for _, d := range targets {
		e.archivePropertyNow(d)
	}
	return http.StatusNoContent, nil, nil
}

func (e *Emulator) listPropertyGroups(r *http.Request) (int, any, error) {
	if err := checkPropertyObjectType(r); err != nil {
		return 0, nil, err
	}
	results := []*PropertyGroup{}
	for _, name := range sortedPropertyKeys(e.p.Groups) {
		if g := e.p.Groups[name]; !g.Archived {
			results = append(results, g)
		}
	}
	return http.StatusOK, map[string]any{"results": results}, nil
}

func (e *Emulator) activeGroup(name string) (*PropertyGroup, error) {
	g := e.p.Groups[name]
	if g == nil || g.Archived {
		return nil, notFound(fmt.Sprintf("Property group %q does not exist", name))
	}
	return g, nil
}

func (e *Emulator) getPropertyGroup(r *http.Request) (int, any, error) {
	if err := checkPropertyObjectType(r); err != nil {
		return 0, nil, err
	}
	g, err := e.activeGroup(r.PathValue("groupName"))
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, g, nil
}

func (e *Emulator) createPropertyGroup(r *http.Request) (int, any, error) {
	if err := checkPropertyObjectType(r); err != nil {
		return 0, nil, err
	}
	data, err := readPropertyBody(r)
	if err != nil {
		return 0, nil, err
	}
	var in struct {
		Name         *string `json:"name"`
		Label        *string `json:"label"`
		DisplayOrder *int    `json:"displayOrder"`
	}
	if err := decodePropertyBody(data, "PropertyGroupCreate", &in); err != nil {
		return 0, nil, err
	}
	if err := checkRequired("PropertyGroupCreate", requiredField{"label", in.Label != nil}, requiredField{"name", in.Name != nil}); err != nil {
		return 0, nil, err
	}
	if !propertyNameRE.MatchString(*in.Name) || len(*in.Name) > maxPropertyNameLength {
		return 0, nil, badRequest(fmt.Sprintf("Property group name %q is invalid: names should be lowercase and have less than 100 characters, start with a letter and contain only letters, digits and underscores", *in.Name))
	}
	if strings.TrimSpace(*in.Label) == "" {
		return 0, nil, badRequest("label must not be empty")
	}
	if old := e.p.Groups[*in.Name]; old != nil {
		if old.Archived {
			return 0, nil, propertyConflict(fmt.Sprintf("A property group named %q already exists: it is archived (in the recycle bin) and keeps its name until it is restored or permanently deleted in HubSpot", *in.Name), *in.Name)
		}
		return 0, nil, propertyConflict(fmt.Sprintf("A property group named %q already exists", *in.Name), *in.Name)
	}
	g := &PropertyGroup{Name: *in.Name, Label: *in.Label, DisplayOrder: -1}
	if in.DisplayOrder != nil {
		g.DisplayOrder = *in.DisplayOrder
	}
	e.p.Groups[g.Name] = g
	return http.StatusCreated, g, nil
}

func (e *Emulator) updatePropertyGroup(r *http.Request) (int, any, error) {
	if err := checkPropertyObjectType(r); err != nil {
		return 0, nil, err
	}
	data, err := readPropertyBody(r)
	if err != nil {
		return 0, nil, err
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(data, &fields) == nil {
		for _, f := range []string{"name", "archived"} {
			if _, ok := fields[f]; ok {
				return 0, nil, badRequest(fmt.Sprintf("%s can't be changed once a property group is created; it is not part of PropertyGroupUpdate", f))
			}
		}
	}
	var in struct {
		Label        *string `json:"label"`
		DisplayOrder *int    `json:"displayOrder"`
	}
	if err := decodePropertyBody(data, "PropertyGroupUpdate", &in); err != nil {
		return 0, nil, err
	}
	g, err := e.activeGroup(r.PathValue("groupName"))
	if err != nil {
		return 0, nil, err
	}
	if in.Label != nil {
		if strings.TrimSpace(*in.Label) == "" {
			return 0, nil, badRequest("label must not be empty")
		}
		g.Label = *in.Label
	}
	if in.DisplayOrder != nil {
		g.DisplayOrder = *in.DisplayOrder
	}
	return http.StatusOK, g, nil
}

func (e *Emulator) archivePropertyGroup(r *http.Request) (int, any, error) {
	if err := checkPropertyObjectType(r); err != nil {
		return 0, nil, err
	}
	g, err := e.activeGroup(r.PathValue("groupName"))
	if err != nil {
		return 0, nil, err
	}
	for _, d := range e.p.Properties {
		if d.GroupName == g.Name && !d.Archived {
			ae := badRequest("Can't delete or purge a group with active properties")
			ae.SubCategory = groupActiveProperties
			return 0, nil, ae
		}
	}
	g.Archived = true
	return http.StatusNoContent, nil, nil
}
