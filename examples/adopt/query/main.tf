# Adopting an existing portal on Terraform 1.14 or later: `terraform query` lists the portal
# through the list blocks in portal.tfquery.hcl and writes the configuration of everything it
# lists. See the "Adopting a portal" guide.
terraform {
  required_version = ">= 1.14.0"

  required_providers {
    hubspot = {
      source = "supportops/hubspot"
    }
  }
}

# Credentials and the portal's address come from HUBSPOT_ACCESS_TOKEN and HUBSPOT_BASE_URL.
provider "hubspot" {}
