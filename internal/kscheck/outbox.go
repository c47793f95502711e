package kscheck

// MailStatus is where an outbox message stands.
type MailStatus string

// Statuses of an outbox message.
const (
	MailQueued  MailStatus = "queued"  // waiting for its first or next attempt
	MailSent    MailStatus = "sent"    // delivered to the mail server
	MailGaveUp  MailStatus = "gave_up" // undeliverable after every attempt
	MailSending MailStatus = "sending" // claimed by a worker right now
)

// DeliveryStatus is where a webhook delivery stands.
type DeliveryStatus string

// Statuses of a delivery.
const (
	DeliveryQueued    DeliveryStatus = "queued"
	DeliveryDelivered DeliveryStatus = "delivered"
	DeliveryGaveUp    DeliveryStatus = "gave_up"
)
