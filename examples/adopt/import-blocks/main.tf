# Adopting an existing portal on Terraform 1.7 to 1.13 (and OpenTofu), which have no
# `terraform query`: data sources read the portal, and import blocks with for_each take over
# each object into a resource written from the same data. See the "Adopting a portal" guide.
terraform {
  required_version = ">= 1.7.0"

  required_providers {
    hubspot = {
      source = "supportops/hubspot"
    }
  }
}

# Credentials and the portal's address come from HUBSPOT_ACCESS_TOKEN and HUBSPOT_BASE_URL.
provider "hubspot" {}
