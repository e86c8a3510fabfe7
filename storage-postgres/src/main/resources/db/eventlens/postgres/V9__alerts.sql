-- Alert rules, the durable state of each rule's series, and the notifications they caused (an outbox: a webhook
-- attempt claims a row, so instances never deliver one twice at once).
CREATE TABLE alert_rules (
    project_id        text             NOT NULL,
    id                text             NOT NULL,
    name              text             NOT NULL,
    metric            text             NOT NULL,
    -- The filters as the user wrote them: [{"dimension", "op", "values"}], resolved again when evaluated.
    filters           jsonb            NOT NULL DEFAULT '[]',
    breakdown         text,
    max_series        integer          NOT NULL CHECK (max_series > 0),
    last_window       text             NOT NULL,
    window_ms         bigint           NOT NULL CHECK (window_ms > 0),
    condition_kind    text             NOT NULL CHECK (condition_kind IN ('above', 'below', 'change')),
    condition_value   double precision NOT NULL,
    pending_for_ms    bigint           NOT NULL DEFAULT 0,
    resolve_after_ms  bigint           NOT NULL DEFAULT 0,
    webhook_url       text,
    webhook_secret    text,
    paused            boolean          NOT NULL DEFAULT false,
    updated_at        timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, id),
    CHECK ((webhook_url IS NULL) = (webhook_secret IS NULL))
);

CREATE TABLE alert_series (
    project_id text             NOT NULL,
    rule_id    text             NOT NULL,
    series     text             NOT NULL,
    state      text             NOT NULL CHECK (state IN ('OK', 'PENDING', 'FIRING', 'RESOLVING')),
    since      timestamptz      NOT NULL,
    incident   bigint           NOT NULL,
    value      double precision,
    version    bigint           NOT NULL,
    PRIMARY KEY (project_id, rule_id, series),
    FOREIGN KEY (project_id, rule_id) REFERENCES alert_rules (project_id, id) ON DELETE CASCADE
);

CREATE TABLE alert_notifications (
    id              uuid             PRIMARY KEY,
    project_id      text             NOT NULL,
    rule_id         text             NOT NULL,
    series          text             NOT NULL,
    kind            text             NOT NULL CHECK (kind IN ('FIRING', 'RESOLVED')),
    incident        bigint           NOT NULL,
    value           double precision,
    at              timestamptz      NOT NULL,
    payload         text             NOT NULL,
    status          text             NOT NULL CHECK (status IN ('NONE', 'PENDING', 'DELIVERED', 'DEAD')),
    attempts        integer          NOT NULL DEFAULT 0,
    last_error      text,
    next_attempt_at timestamptz,
    -- One notification per incident and kind: a transition applied twice (two evaluators) notifies once.
    UNIQUE (project_id, rule_id, series, incident, kind),
    FOREIGN KEY (project_id, rule_id) REFERENCES alert_rules (project_id, id) ON DELETE CASCADE
);

CREATE INDEX alert_notifications_due ON alert_notifications (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX alert_notifications_by_project ON alert_notifications (project_id, at DESC);
