"""policyengine: regulations as checkable rules, with every finding explained."""
