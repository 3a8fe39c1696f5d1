-- Why: a point's 类别 may be written as the class code or its Chinese name.
SELECT code, name FROM point_classes WHERE street_id = $1
