-- A project's saved dashboards for the built-in web page. Panels are kept as two parallel arrays (title, view) in
-- grid order: a dashboard is always read and written whole, and a view is the page's opaque URL state.
CREATE TABLE dashboards (
    project_id   text        NOT NULL,
    id           text        NOT NULL,
    name         text        NOT NULL,
    panel_titles text[]      NOT NULL DEFAULT '{}',
    panel_views  text[]      NOT NULL DEFAULT '{}',
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, id),
    CHECK (cardinality(panel_titles) = cardinality(panel_views))
);
