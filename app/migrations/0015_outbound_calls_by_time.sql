-- The call caps' ledger reads the last hours' calls back at start (app/src/ssr/call_caps.rs).
CREATE INDEX outbound_calls_by_time ON outbound_calls (placed_at);
