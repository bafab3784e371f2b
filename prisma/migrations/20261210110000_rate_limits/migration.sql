-- Rate limits shared by every instance on one PostgreSQL database (src/store/rate-limit.repository.ts).
-- Times are epoch milliseconds: the database's clock for the send windows, the instances' (which
-- must agree, as the outbox's leases need) for the ingestion buckets.

-- CreateTable
CREATE TABLE "rate_window" (
    "key" TEXT NOT NULL,
    "hits" BIGINT[] NOT NULL,
    "blocked_until" BIGINT,

    CONSTRAINT "rate_window_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "rate_bucket" (
    "key" TEXT NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,
    "updated_at" BIGINT NOT NULL,
    "granted" BOOLEAN NOT NULL,

    CONSTRAINT "rate_bucket_pkey" PRIMARY KEY ("key")
);

-- One send under every rule of `p_keys` (with their limits and windows, in ms), or none: 0 when
-- it may go now (recorded under every key), else how many ms to wait. "Now" is `p_now` when given,
-- else the database's clock once the rows are locked, so every instance counts on one clock from
-- the moment a place is taken. Rows are locked in key order, so concurrent callers wait for each
-- other instead of deadlocking; each statement here reads the latest committed rows, so two
-- instances never both take the last place.
CREATE FUNCTION "rate_window_acquire"(p_keys TEXT[], p_limits INTEGER[], p_windows INTEGER[], p_now BIGINT) RETURNS BIGINT
LANGUAGE plpgsql AS $$
DECLARE
  rec RECORD;
  v_now BIGINT;
  v_recent BIGINT[];
  v_wait BIGINT := 0;
BEGIN
  INSERT INTO rate_window ("key", hits)
    SELECT k, '{}' FROM unnest(p_keys) AS k ORDER BY k
    ON CONFLICT ("key") DO NOTHING;
  PERFORM 1 FROM rate_window WHERE "key" = ANY (p_keys) ORDER BY "key" FOR UPDATE;
  v_now := coalesce(p_now, floor(extract(epoch FROM clock_timestamp()) * 1000)::BIGINT);
  FOR rec IN
    SELECT w.hits, w.blocked_until, r.lim, r.win
    FROM rate_window w JOIN unnest(p_keys, p_limits, p_windows) AS r(k, lim, win) ON r.k = w."key"
  LOOP
    IF rec.blocked_until > v_now THEN v_wait := greatest(v_wait, rec.blocked_until - v_now); END IF;
    v_recent := ARRAY(SELECT h FROM unnest(rec.hits) AS h WHERE h > v_now - rec.win ORDER BY h);
    IF cardinality(v_recent) >= rec.lim THEN
      v_wait := greatest(v_wait, v_recent[cardinality(v_recent) - rec.lim + 1] + rec.win - v_now);
    END IF;
  END LOOP;
  IF v_wait > 0 THEN RETURN v_wait; END IF;
  -- Only the sends still inside the window, and no more than the limit, are kept.
  UPDATE rate_window w SET
    hits = ARRAY(
      SELECT h FROM (SELECT h FROM unnest(w.hits || v_now) AS h WHERE h > v_now - r.win ORDER BY h DESC LIMIT r.lim) AS kept ORDER BY h),
    blocked_until = CASE WHEN w.blocked_until > v_now THEN w.blocked_until END
  FROM unnest(p_keys, p_limits, p_windows) AS r(k, lim, win)
  WHERE w."key" = r.k;
  RETURN 0;
END $$;

-- Holds every send under `p_key` for `p_ms` (a platform's Retry-After), from `p_now` when given,
-- else from the database's clock.
CREATE FUNCTION "rate_window_block"(p_key TEXT, p_ms BIGINT, p_now BIGINT) RETURNS VOID
LANGUAGE sql AS $$
  INSERT INTO rate_window AS w ("key", hits, blocked_until)
    VALUES (p_key, '{}', coalesce(p_now, floor(extract(epoch FROM clock_timestamp()) * 1000)::BIGINT) + p_ms)
  ON CONFLICT ("key") DO UPDATE SET blocked_until = greatest(coalesce(w.blocked_until, 0), excluded.blocked_until);
$$;
