-- Rate limits shared by every instance on one PostgreSQL database (src/store/rate-limit.repository.ts).
-- Times are epoch milliseconds from the instances' clocks, which must agree (as the outbox's leases need).

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

-- One send under every rule of `p_keys` (with their limits and windows, in ms) at `p_now`, or none:
-- 0 when it may go now (recorded under every key), else how many ms to wait. Rows are locked in
-- key order, so concurrent callers wait for each other instead of deadlocking; each statement
-- here reads the latest committed rows, so two instances never both take the last place.
CREATE FUNCTION "rate_window_acquire"(p_keys TEXT[], p_limits INTEGER[], p_windows INTEGER[], p_now BIGINT) RETURNS BIGINT
LANGUAGE plpgsql AS $$
DECLARE
  rec RECORD;
  v_recent BIGINT[];
  v_wait BIGINT := 0;
BEGIN
  INSERT INTO rate_window AS w ("key", hits)
    SELECT k, '{}' FROM unnest(p_keys) AS k ORDER BY k
    ON CONFLICT ("key") DO NOTHING;
  FOR rec IN
    SELECT w.hits, w.blocked_until, r.lim, r.win
    FROM rate_window w JOIN unnest(p_keys, p_limits, p_windows) AS r(k, lim, win) ON r.k = w."key"
    ORDER BY w."key"
    FOR UPDATE OF w
  LOOP
    IF rec.blocked_until > p_now THEN v_wait := greatest(v_wait, rec.blocked_until - p_now); END IF;
    v_recent := ARRAY(SELECT h FROM unnest(rec.hits) AS h WHERE h > p_now - rec.win ORDER BY h);
    IF cardinality(v_recent) >= rec.lim THEN
      v_wait := greatest(v_wait, v_recent[cardinality(v_recent) - rec.lim + 1] + rec.win - p_now);
    END IF;
  END LOOP;
  IF v_wait > 0 THEN RETURN v_wait; END IF;
  -- Only the sends still inside the window, and no more than the limit, are kept.
  UPDATE rate_window w SET
    hits = ARRAY(
      SELECT h FROM (SELECT h FROM unnest(w.hits || p_now) AS h WHERE h > p_now - r.win ORDER BY h DESC LIMIT r.lim) AS kept ORDER BY h),
    blocked_until = CASE WHEN w.blocked_until > p_now THEN w.blocked_until END
  FROM unnest(p_keys, p_limits, p_windows) AS r(k, lim, win)
  WHERE w."key" = r.k;
  RETURN 0;
END $$;
