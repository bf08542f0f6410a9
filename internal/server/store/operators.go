package store

// KnownOperators is the operator list a new database starts with: a few
// networks per country, with their MCC-MNC codes, so that blacklists and
// tariff profiles have something to name. Operators can be added later.
var KnownOperators = []Operator{
	{ID: 1, Name: "Telekom Deutschland", Country: "DE", MCCMNC: []string{"26201"}},
	{ID: 2, Name: "Vodafone Germany", Country: "DE", MCCMNC: []string{"26202"}},
	{ID: 3, Name: "Telefónica Germany", Country: "DE", MCCMNC: []string{"26203"}},
	{ID: 4, Name: "Orange France", Country: "FR", MCCMNC: []string{"20801"}},
	{ID: 5, Name: "SFR", Country: "FR", MCCMNC: []string{"20810"}},
	{ID: 6, Name: "Bouygues Telecom", Country: "FR", MCCMNC: []string{"20820"}},
	{ID: 7, Name: "Free Mobile", Country: "FR", MCCMNC: []string{"20815"}},
	{ID: 8, Name: "EE", Country: "GB", MCCMNC: []string{"23430"}},
	{ID: 9, Name: "Vodafone UK", Country: "GB", MCCMNC: []string{"23415"}},
	{ID: 10, Name: "O2 UK", Country: "GB", MCCMNC: []string{"23410"}},
	{ID: 11, Name: "TIM", Country: "IT", MCCMNC: []string{"22201"}},
	{ID: 12, Name: "Vodafone Italia", Country: "IT", MCCMNC: []string{"22210"}},
	{ID: 13, Name: "Movistar", Country: "ES", MCCMNC: []string{"21407"}},
	{ID: 14, Name: "Vodafone Spain", Country: "ES", MCCMNC: []string{"21401"}},
	{ID: 15, Name: "KPN", Country: "NL", MCCMNC: []string{"20408"}},
	{ID: 16, Name: "Swisscom", Country: "CH", MCCMNC: []string{"22801"}},
	{ID: 17, Name: "AT&T", Country: "US", MCCMNC: []string{"310410"}},
	{ID: 18, Name: "T-Mobile US", Country: "US", MCCMNC: []string{"310260"}},
	{ID: 19, Name: "Verizon", Country: "US", MCCMNC: []string{"311480"}},
	{ID: 20, Name: "Telstra", Country: "AU", MCCMNC: []string{"50501"}},
}
