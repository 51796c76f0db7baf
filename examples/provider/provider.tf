terraform {
  required_providers {
    hubspot = {
      source = "supportops/hubspot"
    }
  }
}

# A private app access token, read from HUBSPOT_ACCESS_TOKEN when access_token is not set.
provider "hubspot" {}

# Or an OAuth app: the provider exchanges the refresh token for access tokens itself.
provider "hubspot" {
  alias = "oauth"
  oauth {
    client_id     = var.hubspot_client_id
    client_secret = var.hubspot_client_secret
    refresh_token = var.hubspot_refresh_token
  }
}

variable "hubspot_client_id" {
  type = string
}

variable "hubspot_client_secret" {
  type      = string
  sensitive = true
}

variable "hubspot_refresh_token" {
  type      = string
  sensitive = true
}
