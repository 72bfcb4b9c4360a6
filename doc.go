// Package syncaudit holds the domain of school identity synchronisation: the
// tenant and its schools, the source records that feed the target platform, the
// accounts, exception entries and memberships the platform holds, and the
// actions and findings a check reports.
//
// Every type here serves rules of the domain rule book (shared/spec/domain.md);
// its doc comment names them. The subpackages speak only these types:
// ingest reads a snapshot into them, policies turns a snapshot into a Report,
// report renders a Report, and apply turns a plan back into a snapshot.
package syncaudit
