package provider

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"

	"github.com/supportops/terraform-provider-hubspot/internal/hubspot"
)

// Plan-time checks ask HubSpot what the configuration alone cannot tell: whether a stage
// belongs to a pipeline, which options a property has, whether a group exists. When HubSpot
// cannot be asked (the credentials are refused, the daily limit is spent, every retry met a
// server error), the check fails the plan instead of passing it: a plan that succeeds only
// because nothing could be checked would let CI pass a change that the apply then refuses.

// checkFailed fails the plan because a plan-time check could not ask HubSpot. check says what
// was being checked, as the end of "The provider could not check ...".
func checkFailed(diags *diag.Diagnostics, at path.Path, check string, err error) {
	detail := fmt.Sprintf("The provider could not check %s: HubSpot answered: %s\n\n%s\n\n"+
		"The plan stops here rather than pass a configuration HubSpot may refuse at apply time.", check, err, checkFailedAdvice(err))
	if at.Equal(path.Empty()) {
		diags.AddError("Plan-time check could not run", detail)
		return
	}
	diags.AddAttributeError(at, "Plan-time check could not run", detail)
}

// checkFailedAdvice says what to do about the error a plan-time check met.
func checkFailedAdvice(err error) string {
	var e *hubspot.Error
	if !errors.As(err, &e) {
		return "HubSpot could not be reached, or its answer could not be read. Check the network and base_url, then run the plan again."
	}
	switch {
	case e.StatusCode == http.StatusUnauthorized:
		return "HubSpot refused the credentials. Check access_token (or HUBSPOT_ACCESS_TOKEN), or the oauth block's client_id, client_secret and refresh_token."
	case e.StatusCode == http.StatusForbidden:
		return "The token lacks a scope this check needs. Give the private app (or OAuth app) the scopes listed in the provider documentation."
	case e.StatusCode == http.StatusTooManyRequests && e.PolicyName == "DAILY":
		return "The portal's daily API request limit is spent, and the provider sends nothing more until it runs again. The limit resets at midnight in the portal's time zone."
	case e.StatusCode == http.StatusTooManyRequests:
		return "HubSpot kept answering that the rate limit was reached, through every retry. Another app may be using the portal's limit: run the plan again later, or lower rate_limit.requests."
	case e.StatusCode >= 500:
		return "HubSpot answered with a server error through every retry. Run the plan again; if it persists, check HubSpot's status page."
	}
	return "Run the plan again once the cause above is fixed."
}

// addTierCapError reports a create HubSpot refused because the account allows no more of
// something (HubSpot's API_LIMIT), saying what the cap is, from HubSpot's message when it
// says (what names the objects when it does not); other errors as they are.
func addTierCapError(diags *diag.Diagnostics, summary, what string, err error) {
	var e *hubspot.Error
	if !errors.As(err, &e) || e.Category != "API_LIMIT" {
		diags.AddError(summary, err.Error())
		return
	}
	limit := "a limit on the number of " + what
	if m := tierLimitRE.FindStringSubmatch(e.Message); m != nil {
		limit = fmt.Sprintf("a limit of %s %s", m[1], m[2])
	} else if n := tierLimitContext(e.Context); n != "" {
		limit = fmt.Sprintf("a limit of %s %s", n, what)
	}
	diags.AddError(summary, fmt.Sprintf("The HubSpot account has %s, and it is reached: HubSpot creates no more until one is deleted or the subscription is upgraded. "+
		"Delete one that is no longer needed (or remove this resource from the configuration), or upgrade the account.\n\nHubSpot's answer: %s", limit, err))
}

// tierLimitRE reads the cap from HubSpot's API_LIMIT message: "You have reached your limit of
// 1 ticket pipelines."
var tierLimitRE = regexp.MustCompile(`limit of (\d+) ([^.]+)`)

// tierLimitContext returns the cap from the context of an API_LIMIT answer whose message does
// not give it ({"maximum pipelines": ["1"]}), or "".
func tierLimitContext(ctx map[string][]string) string {
	for k, v := range ctx {
		if len(v) == 1 && (strings.HasPrefix(k, "maximum") || k == "limit") {
			if _, err := strconv.Atoi(v[0]); err == nil {
				return v[0]
			}
		}
	}
	return ""
}
