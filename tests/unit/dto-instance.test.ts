import test from 'ava';
import { IsString, ValidateNested } from 'class-validator';
import { toInstance, Type } from '../../application/validation/dto-instance.js';
import { validateDto } from '../../application/validation/validate.js';

class PortDto {
  @IsString() name!: string;
}

class BaseDto {
  @ValidateNested() @Type(() => PortDto) main!: PortDto;
}

class ContainerDto extends BaseDto {
  @ValidateNested({ each: true }) @Type(() => PortDto) ports!: PortDto[];
  @IsString() image!: string;
}

test('nested properties become instances of their DTO class, element by element, also when declared on a base class', (t) => {
  const labels = { app: 'web' };
  const value = toInstance(ContainerDto, { image: 'nginx', main: { name: 'http' }, ports: [{ name: 'a' }, { name: 'b' }], labels });
  t.true(value instanceof ContainerDto);
  t.true(value.main instanceof PortDto);
  t.true(value.ports.every((p) => p instanceof PortDto));
  t.deepEqual(value.ports.map((p) => p.name), ['a', 'b']);
  t.is((value as unknown as { labels: object }).labels, labels, 'an undeclared property is kept as it is');
});

test('what is not an object stays as it is, so the validator names it', (t) => {
  t.is(toInstance(ContainerDto, 'text') as unknown, 'text');
  const { causes } = validateDto(ContainerDto, { image: 7, main: 'http', ports: [{ name: 1 }, null] });
  t.deepEqual(causes.map((c) => c.field), ['ports[0].name', 'ports[1]', 'image', 'main']);
});

test('an own "__proto__" key of parsed JSON does not become the prototype', (t) => {
  const value = toInstance(ContainerDto, JSON.parse('{"image":"x","__proto__":{"polluted":true}}'));
  t.true(value instanceof ContainerDto);
  t.is((value as unknown as { polluted?: boolean }).polluted, undefined);
});
