SELECT ';' AS x FROM t -- ; not a statement
  WHERE a = 'it''s' /* ; */ AND b = $$;$$
