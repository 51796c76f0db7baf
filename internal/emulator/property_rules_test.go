package emulator

import (
	"fmt"
	"testing"
)

func TestCheckboxOptionValuesCannotHoldTheSeparator(t *testing.T) {
	e := newTestEmulator(t, Options{})
	opts := `[{"label":"A or B","value":"a;b","hidden":false},{"label":"C","value":"c","hidden":false}]`
	create := func(name, fieldType string) string {
		return fmt.Sprintf(`{"name":%q,"label":"L","type":"enumeration","fieldType":%q,"groupName":"ticketinformation","options":%s}`, name, fieldType, opts)
	}
	expectError(t, send(t, e, "POST", propsV3, create("topics", "checkbox")), 400, catValidation, `option value "a;b" contains ";"`)
	// A single-choice property can hold it; it becomes a checkbox only without it.
	expectOK(t, send(t, e, "POST", propsV3, create("topic", "select")), 201, nil)
	expectError(t, send(t, e, "PATCH", propsV3+"/topic", `{"fieldType":"checkbox"}`), 400, catValidation, `contains ";"`)
	expectOK(t, send(t, e, "PATCH", propsV3+"/topic", `{"fieldType":"checkbox","options":[{"label":"C","value":"c","hidden":false}]}`), 200, nil)
}

func TestFormulaNamesOnlyExistingProperties(t *testing.T) {
	e := newTestEmulator(t, Options{})
	calc := func(name, formula string) string {
		return fmt.Sprintf(`{"name":%q,"label":"L","type":"number","fieldType":"calculation_equation","groupName":"ticketinformation","calculationFormula":%q}`, name, formula)
	}
	body := expectError(t, send(t, e, "POST", propsV3, calc("score", "time_to_close + missing_thing")), 400, catValidation, `refers to property "missing_thing", which does not exist`)
	if fmt.Sprint(body["context"]) != "map[propertyName:[missing_thing]]" {
		t.Fatalf("context %v", body["context"])
	}
	expectError(t, send(t, e, "POST", propsV3, calc("score", "score * 2")), 400, catValidation, "refers to the property itself")
	expectOK(t, send(t, e, "POST", propsV3, calc("score", `if is_present(time_to_close) then round_down(time_to_close / 1000, 0) else 0 endif`)), 201, nil)
	expectError(t, send(t, e, "PATCH", propsV3+"/score", `{"calculationFormula":"time_to_close + gone"}`), 400, catValidation, `"gone"`)
}

func TestCalculationPropertyValuesAreReadOnly(t *testing.T) {
	e, _ := recordsEmulator(t)
	var p wireProp
	expectOK(t, send(t, e, "POST", propsV3, `{"name":"score","label":"Score","type":"number","fieldType":"calculation_equation","groupName":"ticketinformation","calculationFormula":"1 + 2"}`), 201, &p)
	if p.Calculated || p.ModificationMetadata == nil || !p.ModificationMetadata.ReadOnlyValue {
		t.Fatalf("a calculation property reads back as calculated=%v, metadata %+v", p.Calculated, p.ModificationMetadata)
	}
	rec := send(t, e, "POST", "/crm/v3/objects/tickets", `{"properties":{"subject":"s","hs_pipeline_stage":"1","score":"4"}}`)
	expectError(t, rec, 400, catValidation, "READ_ONLY_VALUE", "score")
	// It stops being read-only when it stops being a calculation.
	expectOK(t, send(t, e, "PATCH", propsV3+"/score", `{"fieldType":"number","calculationFormula":""}`), 200, &p)
	if p.ModificationMetadata.ReadOnlyValue {
		t.Fatal("a plain number property kept readOnlyValue")
	}
}

func TestEnumFieldsRefuseEmptyStrings(t *testing.T) {
	e := newTestEmulator(t, Options{})
	base := `"name":"n","label":"N","groupName":"ticketinformation"`
	for body, want := range map[string]string{
		`{` + base + `,"type":"number","fieldType":"number","numberDisplayHint":""}`:     `"" is not a valid numberDisplayHint`,
		`{` + base + `,"type":"string","fieldType":"text","textDisplayHint":""}`:         `"" is not a valid textDisplayHint`,
		`{` + base + `,"type":"string","fieldType":"text","dataSensitivity":""}`:         `"" is not a valid dataSensitivity`,
		`{` + base + `,"type":"","fieldType":"text"}`:                                    `"" is not a valid type`,
		`{` + base + `,"type":"string","fieldType":"text","textDisplayHint":"shouting"}`: `"shouting" is not a valid textDisplayHint`,
	} {
		expectError(t, send(t, e, "POST", propsV3, body), 400, catValidation, want)
	}
	expectOK(t, send(t, e, "POST", propsV3, `{`+base+`,"type":"number","fieldType":"number","numberDisplayHint":"currency"}`), 201, nil)
	expectError(t, send(t, e, "PATCH", propsV3+"/n", `{"numberDisplayHint":""}`), 400, catValidation, `"" is not a valid numberDisplayHint`)
	expectError(t, send(t, e, "PATCH", propsV3+"/n", `{"fieldType":""}`), 400, catValidation, `"" is not a valid fieldType`)
	expectOK(t, send(t, e, "PATCH", propsV3+"/n", `{"numberDisplayHint":"unformatted"}`), 200, nil)
}

func TestDisplayOrderBelowMinusOneIsRefused(t *testing.T) {
	e := newTestEmulator(t, Options{})
	opt := func(order int) string {
		return fmt.Sprintf(`{"name":"o%d","label":"O","type":"enumeration","fieldType":"select","groupName":"ticketinformation","options":[{"label":"A","value":"a","hidden":false,"displayOrder":%d}]}`, -order, order)
	}
	expectError(t, send(t, e, "POST", propsV3, opt(-2)), 400, catValidation, "Option displayOrder -2 is not valid")
	expectOK(t, send(t, e, "POST", propsV3, opt(-1)), 201, nil)
	prop := `{"name":"p","label":"P","type":"string","fieldType":"text","groupName":"ticketinformation","displayOrder":%d}`
	expectError(t, send(t, e, "POST", propsV3, fmt.Sprintf(prop, -3)), 400, catValidation, "Property displayOrder -3")
	expectOK(t, send(t, e, "POST", propsV3, fmt.Sprintf(prop, -1)), 201, nil)
	expectError(t, send(t, e, "PATCH", propsV3+"/p", `{"displayOrder":-2}`), 400, catValidation, "Property displayOrder -2")
	expectError(t, send(t, e, "POST", propsV3+"/groups", `{"name":"g","label":"G","displayOrder":-7}`), 400, catValidation, "Property group displayOrder -7")
	expectOK(t, send(t, e, "POST", propsV3+"/groups", `{"name":"g","label":"G","displayOrder":-1}`), 201, nil)
	expectError(t, send(t, e, "PATCH", propsV3+"/groups/g", `{"displayOrder":-2}`), 400, catValidation, "Property group displayOrder -2")
}

func TestInt32FieldsRefuseLargerNumbers(t *testing.T) {
	e := newTestEmulator(t, Options{})
	expectError(t, send(t, e, "POST", propsV3, `{"name":"p","label":"P","type":"string","fieldType":"text","groupName":"ticketinformation","displayOrder":3000000000}`),
		400, catValidation, "cannot build PropertyCreate")
	expectError(t, send(t, e, "POST", "/crm/v3/pipelines/tickets", `{"label":"P","displayOrder":2147483648,"stages":[{"label":"A","displayOrder":0,"metadata":{}}]}`),
		400, catValidation, "cannot build PipelineInput")
	expectError(t, send(t, e, "PATCH", "/crm/v3/pipelines/tickets/0/stages/1", `{"displayOrder":1.5,"metadata":{}}`),
		400, catValidation, "cannot build PipelineStagePatchInput")
	expectOK(t, send(t, e, "PATCH", "/crm/v3/pipelines/tickets/0/stages/1", `{"displayOrder":2147483647,"metadata":{}}`), 200, nil)
}
