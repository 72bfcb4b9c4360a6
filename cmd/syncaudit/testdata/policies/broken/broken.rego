package syncaudit.rules.broken

findings contains f if {
	f := http.send({"url": "https://example.org", "method": "GET"})
}
