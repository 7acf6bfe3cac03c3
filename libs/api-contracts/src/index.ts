// The inference API's HTTP shapes: Swagger-documented classes, with class-validator rules on the
// request bodies Nest validates (feedback, admin). The predict body is documented here but validated by
// the pure parser in @loan/serving, which reports every bad field at once.
export * from './admin.dto';
export * from './error.dto';
export * from './feedback.dto';
export * from './model-info.dto';
export * from './predict.dto';
