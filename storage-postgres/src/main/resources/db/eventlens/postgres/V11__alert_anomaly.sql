-- Anomaly conditions: the value against the mean and spread of the windows just before it. condition_value holds
-- the standard deviations, condition_windows how many windows the baseline spans (0 for the other kinds).
ALTER TABLE alert_rules DROP CONSTRAINT alert_rules_condition_kind_check;
ALTER TABLE alert_rules ADD CONSTRAINT alert_rules_condition_kind_check
    CHECK (condition_kind IN ('above', 'below', 'change', 'anomaly'));
ALTER TABLE alert_rules ADD COLUMN condition_windows integer NOT NULL DEFAULT 0
    CHECK ((condition_kind = 'anomaly') = (condition_windows > 0));
