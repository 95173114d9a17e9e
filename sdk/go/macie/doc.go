// Holds Amazon Macie ENABLED or PAUSED for member accounts, from the delegated Macie administrator: one pulumi up converges, refresh detects drift.
package macie
