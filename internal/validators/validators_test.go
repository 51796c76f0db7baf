package validators

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func check(v validator.String, value types.String) string {
	resp := &validator.StringResponse{}
	v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("label"), ConfigValue: value}, resp)
	var out []string
	for _, d := range resp.Diagnostics {
		out = append(out, d.Summary()+": "+d.Detail())
	}
	return strings.Join(out, "\n")
}

func TestStringRules(t *testing.T) {
	cases := []struct {
		v     validator.String
		value types.String
		want  string // "" for valid
	}{
		{NotBlank(), types.StringValue("Open"), ""},
		{NotBlank(), types.StringValue(" \t"), "Attribute label must not be empty or blank"},
		{NotBlank(), types.StringValue(""), "must not be empty or blank"},
		{NotBlank(), types.StringValue("\u00a0"), "must not be empty or blank"},
		{NotBlank(), types.StringNull(), ""},
		{NotBlank(), types.StringUnknown(), ""},
		{Trimmed(), types.StringValue("In progress"), ""},
		{Trimmed(), types.StringValue(" Padded"), "Attribute label must not begin or end with whitespace"},
		{Trimmed(), types.StringValue("Padded\n"), "must not begin or end with whitespace"},
		{PropertyName("property"), types.StringValue("my_prop_2"), ""},
		{PropertyName("property"), types.StringValue("Ticket tier"), "Invalid property name: Attribute label must start with a lowercase letter"},
		{PropertyName("property group"), types.StringValue("2nd"), "Invalid property group name"},
	}
	for _, c := range cases {
		got := check(c.v, c.value)
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("%T on %s: %q, want %q", c.v, c.value, got, c.want)
		}
	}
}
