package kscheck

// PartnerUse is a partner with the number of cases it is on.
type PartnerUse struct {
	*Partner
	Cases int
}
