import {
  to = hubspot_ticket.printer
  identity = {
    id = "1234567"
  }
}
