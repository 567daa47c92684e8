// tests come with the IMAP session
